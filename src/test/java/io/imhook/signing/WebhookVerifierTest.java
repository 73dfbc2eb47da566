package io.imhook.signing;

import static io.imhook.signing.WebhookSignerTest.BODY;
import static io.imhook.signing.WebhookSignerTest.ID;
import static io.imhook.signing.WebhookSignerTest.SECRET;
import static io.imhook.signing.WebhookSignerTest.SIGNATURE;
import static io.imhook.signing.WebhookSignerTest.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The receiver's check, on the published vector with a fixed clock. */
class WebhookVerifierTest {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final SigningSecret OTHER = SigningSecret.parse(
            "whsec_" + Base64.getEncoder().encodeToString("another key of 32 bytes, exactly".getBytes()));

    private static WebhookVerifier at(long epochSecond, SigningSecret... secrets) {
        return new WebhookVerifier(List.of(secrets), TOLERANCE,
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static final WebhookVerifier VERIFIER = at(TIMESTAMP, SigningSecret.parse(SECRET));

    @Test
    void acceptsThePublishedVector() {
        assertThatCode(() -> VERIFIER.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void anyOneMatchingSignatureAndAnyOneSecretIsEnough() {
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,whatever " + SIGNATURE;
        assertThatCode(() -> VERIFIER.verify(ID, String.valueOf(TIMESTAMP), header, BODY)).doesNotThrowAnyException();
        WebhookVerifier rotating = at(TIMESTAMP, OTHER, SigningSecret.parse(SECRET));
        assertThatCode(() -> rotating.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void aOneByteChangeOfTheBodyFails() {
        byte[] body = BODY.clone();
        body[3] ^= 1;
        assertThatThrownBy(() -> VERIFIER.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, body))
                .isInstanceOf(WebhookVerifier.Rejected.class).hasMessageContaining("no valid signature");
    }

    @Test
    void aWrongSecretFails() {
        assertThatThrownBy(() -> at(TIMESTAMP, OTHER).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, BODY))
                .isInstanceOf(WebhookVerifier.Rejected.class);
    }

    @Test
    void missingOrMalformedHeadersFail() {
        String ts = String.valueOf(TIMESTAMP);
        assertThatThrownBy(() -> VERIFIER.verify(null, ts, SIGNATURE, BODY)).hasMessageContaining("missing");
        assertThatThrownBy(() -> VERIFIER.verify(ID, null, SIGNATURE, BODY)).hasMessageContaining("missing");
        assertThatThrownBy(() -> VERIFIER.verify(ID, ts, null, BODY)).hasMessageContaining("missing");
        assertThatThrownBy(() -> VERIFIER.verify(ID, "soon", SIGNATURE, BODY)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> VERIFIER.verify("id\nx", ts, SIGNATURE, BODY)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> VERIFIER.verify(ID, ts, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", BODY))
                .hasMessageContaining("no valid signature");
        assertThatThrownBy(() -> VERIFIER.verify(ID, ts, "v1,%%%", BODY)).hasMessageContaining("no valid signature");
        assertThatThrownBy(() -> VERIFIER.verify(ID, ts, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", BODY))
                .hasMessageContaining("no valid signature");
        assertThatThrownBy(() -> VERIFIER.verify(ID, ts, (SIGNATURE + " ").repeat(11), BODY))
                .hasMessageContaining("too many");
    }

    @Test
    void aTimestampOutsideTheToleranceFailsEitherWay() {
        String ts = String.valueOf(TIMESTAMP);
        SigningSecret secret = SigningSecret.parse(SECRET);
        assertThatCode(() -> at(TIMESTAMP + 300, secret).verify(ID, ts, SIGNATURE, BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> at(TIMESTAMP + 301, secret).verify(ID, ts, SIGNATURE, BODY))
                .hasMessageContaining("away from now");
        assertThatThrownBy(() -> at(TIMESTAMP - 301, secret).verify(ID, ts, SIGNATURE, BODY))
                .hasMessageContaining("away from now");
    }
}
