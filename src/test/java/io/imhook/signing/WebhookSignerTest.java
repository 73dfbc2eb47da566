package io.imhook.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Known-answer tests of the Standard Webhooks signer. */
class WebhookSignerTest {

    /**
     * The published Standard Webhooks vector: the reference libraries' own sign test
     * (standard-webhooks/standard-webhooks, libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java,
     * {@code verifyWebhookSignWorks}; the PHP, Go and JavaScript libraries test the same values).
     */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproducesThePublishedVector() {
        assertThat(WebhookSigner.sign(SigningSecret.parse(SECRET), ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void oneByteChangedAnywhereGivesAnotherSignature() {
        SigningSecret secret = SigningSecret.parse(SECRET);
        byte[] body = BODY.clone();
        body[body.length - 2]++;
        assertThat(WebhookSigner.sign(secret, ID, TIMESTAMP, body)).isNotEqualTo(SIGNATURE);
        assertThat(WebhookSigner.sign(secret, ID + "x", TIMESTAMP, BODY)).isNotEqualTo(SIGNATURE);
        assertThat(WebhookSigner.sign(secret, ID, TIMESTAMP + 1, BODY)).isNotEqualTo(SIGNATURE);
        assertThat(WebhookSigner.sign(SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx"), ID, TIMESTAMP,
                BODY)).isNotEqualTo(SIGNATURE);
    }

    @Test
    void agreesWithAnIndependentHmacOfTheSignedContent() throws Exception {
        byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] body = "{\"ünï\":\"cödé\"}".getBytes(StandardCharsets.UTF_8);
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(("evt-1.1700000000." + new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSigner.sign(SigningSecret.parse(SECRET), "evt-1", 1700000000, body)).isEqualTo(expected);
    }

    @Test
    void oneSignaturePerSecretSpaceSeparatedForRotation() {
        SigningSecret other = SigningSecret.parse("whsec_" + Base64.getEncoder().encodeToString(new byte[32]));
        String header = WebhookSigner.signatureHeader(List.of(SigningSecret.parse(SECRET), other), ID, TIMESTAMP,
                BODY);
        assertThat(header.split(" ")).containsExactly(SIGNATURE, WebhookSigner.sign(other, ID, TIMESTAMP, BODY));
    }

    @Test
    void secretsNeedThePrefixBase64AndEnoughBytesAndNeverShowTheKey() {
        assertThatThrownBy(() -> SigningSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .hasMessageContaining("whsec_").hasMessageNotContaining("MfKQ");
        assertThatThrownBy(() -> SigningSecret.parse("whsec_not base64!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> SigningSecret.parse("whsec_AAAA")).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> SigningSecret.parseAll(List.of(SECRET, "oops")))
                .hasMessageStartingWith("secret #2");
        assertThat(SigningSecret.parse(SECRET)).hasToString("whsec_***");
        assertThat(SigningSecret.parseAll(List.of(" ", SECRET))).hasSize(1);
    }
}
