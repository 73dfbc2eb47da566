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
     * When set (env {@code IMHOOK_GATEWAY_TOKEN}), the gateway answers only under
     * {@code {base-path}/{token}/{callbackCommand}}: OpenIM cannot send a header, so a secret in its {@code url} is
     * the only way to keep strangers out. At least 16 characters, letters, digits, {@code -} and {@code _} only
     * (checked at start-up). Required when {@code imhook.api.tokens} is set, unless {@link #open()}.
     */
    Optional<String> token();

    /**
     * Declares the gateway open to anyone who reaches the port (env {@code IMHOOK_GATEWAY_OPEN}): with
     * {@code imhook.api.tokens} set and no {@link #token()}, imhook refuses to start unless this is true; with a
     * token it is a contradiction, and imhook refuses to start too.
     */
    @WithDefault("false")
    boolean open();
}
