package io.imhook.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.signing.SigningSecret;
import io.imhook.signing.WebhookSigner;
import io.quarkus.runtime.Startup;

/**
 * Signs every outbound callback with the configured secrets: {@code webhook-id} (the event's id, the same on every
 * retry and replay), {@code webhook-timestamp} (this attempt) and {@code webhook-signature} over the exact bytes sent.
 */
@Startup
@Singleton
public class OutboundSigning {

    private static final Logger LOG = Logger.getLogger(OutboundSigning.class);

    private final List<SigningSecret> secrets;
    private final Clock clock;

    @Inject
    public OutboundSigning(SigningConfig config) {
        this(SigningSecret.parseAll(config.secrets().orElse(List.of())), Clock.systemUTC());
        if (secrets.isEmpty()) {
            LOG.warn("imhook.signing.secrets is not set: callbacks are sent unsigned, and any host that reaches "
                    + "the business server can forge them (set IMHOOK_SIGNING_SECRETS)");
        } else {
            LOG.infof("callbacks are signed (Standard Webhooks) with %d secret(s)", secrets.size());
        }
    }

    OutboundSigning(List<SigningSecret> secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    public boolean enabled() {
        return !secrets.isEmpty();
    }

    /** The three headers of one attempt; empty when signing is off. */
    public Map<String, String> headers(String webhookId, byte[] body) {
        if (secrets.isEmpty()) {
            return Map.of();
        }
        long now = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSigner.ID_HEADER, webhookId);
        headers.put(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now));
        headers.put(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.signatureHeader(secrets, webhookId, now, body));
        return headers;
    }
}
