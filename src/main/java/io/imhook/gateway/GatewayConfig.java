package io.imhook.gateway;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The OpenIM gateway ({@code application.yaml}, prefix {@code imhook.gateway}). */
@ConfigMapping(prefix = "imhook.gateway")
public interface GatewayConfig {

    /** The path OpenIM's {@code webhooks.yml} {@code url} points at; OpenIM appends {@code /{callbackCommand}}. */
    @WithDefault("/openim")
    String basePath();

    /**
     * When set, the gateway answers only under {@code {base-path}/{token}/{callbackCommand}}: OpenIM cannot send
     * a header, so a secret in its {@code url} is the only way to keep strangers out. Letters, digits, {@code -}
     * and {@code _}.
     */
    Optional<String> token();
}
