package io.imhook.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * How the dispatcher signs its callbacks ({@code application.yaml}, prefix {@code imhook.signing}). The secrets come
 * from configuration or the environment (a Kubernetes Secret), never from {@code webhooks.yml}.
 */
@ConfigMapping(prefix = "imhook.signing")
public interface SigningConfig {

    /**
     * The Standard Webhooks secrets, each {@code whsec_} + base64 (env {@code IMHOOK_SIGNING_SECRETS},
     * comma-separated). Every callback carries one signature per secret, so a receiver can move to a new secret
     * while the old one is still accepted. Unset: callbacks go out unsigned, with one start-up warning.
     */
    Optional<List<String>> secrets();
}
