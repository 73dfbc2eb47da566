package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.imhook.signing.SigningSecret;
import io.imhook.signing.WebhookSigner;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The reference receiver verifies Standard Webhooks signatures and answers a repeated webhook-id once. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class ReceiverSignatureTest {

    private static final String PATH = "/callbackExample/callbackBeforeAddFriendCommand";

    private static byte[] friendRequest(String from) {
        return ("{\"fromUserID\":\"" + from + "\",\"toUserID\":\"bob\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static RequestSpecification signed(String id, long timestamp, byte[] body, SigningSecret... secrets) {
        return given().header(WebhookSigner.ID_HEADER, id)
                .header(WebhookSigner.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.signatureHeader(List.of(secrets), id,
                        timestamp, body))
                .body(body);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static ValidatableResponse eventsOf(String operationID) {
        return SignedCallbacksTest.api().queryParam("operationID", operationID).get("/callbackExample/events")
                .then().statusCode(200);
    }

    @Test
    void aCallbackSignedWithTheReceiversSecretIsAnswered() {
        String operationID = BusinessServer.operationId("rx-signed");
        signed("evt-" + UUID.randomUUID(), now(), friendRequest("spammer"), SecuredProfile.oldSecret(),
                SecuredProfile.newSecret())
                .header("operationID", operationID).post(PATH).then().statusCode(200)
                .body("nextCode", equalTo(1)).body("errCode", equalTo(20001));
        eventsOf(operationID).body("size()", equalTo(1));
    }

    @Test
    void missingMalformedWrongOrStaleSignaturesAre401WithAJsonBody() {
        byte[] body = friendRequest("alice");
        String id = "evt-" + UUID.randomUUID();
        SigningSecret stranger = SigningSecret.parse(
                "whsec_" + java.util.Base64.getEncoder().encodeToString("a key the receiver does not know".getBytes()));
        List<RequestSpecification> refused = List.of(
                given().body(body),
                given().header(WebhookSigner.ID_HEADER, id).header(WebhookSigner.TIMESTAMP_HEADER, "yesterday")
                        .header(WebhookSigner.SIGNATURE_HEADER, "v1,AAAA").body(body),
                signed(id, now(), body, stranger),
                signed(id, now() - 400, body, SecuredProfile.newSecret()),
                signed(id, now() + 400, body, SecuredProfile.newSecret()),
                // signed with the one secret the receiver does not have (the dispatcher's old one)
                signed(id, now(), body, SecuredProfile.oldSecret()));
        for (RequestSpecification request : refused) {
            request.post(PATH).then().statusCode(401).contentType("application/json")
                    .body("error", equalTo("badSignature"))
                    .body("message", containsString("webhook-"));
        }
        // a body changed after signing
        byte[] signedBody = friendRequest("alice");
        long timestamp = now();
        given().header(WebhookSigner.ID_HEADER, id).header(WebhookSigner.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .header(WebhookSigner.SIGNATURE_HEADER,
                        WebhookSigner.sign(SecuredProfile.newSecret(), id, timestamp, signedBody))
                .body(friendRequest("spammer")).post(PATH).then().statusCode(401);
    }

    @Test
    void aRepeatedIdGetsTheFirstAnswerAndIsNotProcessedAgain() {
        String operationID = BusinessServer.operationId("rx-dedup");
        String id = "evt-" + UUID.randomUUID();
        String first = signed(id, now(), friendRequest("spammer"), SecuredProfile.newSecret())
                .header("operationID", operationID).post(PATH).then().statusCode(200).extract().asString();
        // the same event again, signed anew (a retry): same answer, not recorded twice
        String again = signed(id, now(), friendRequest("spammer"), SecuredProfile.newSecret())
                .header("operationID", operationID).post(PATH).then().statusCode(200).extract().asString();
        assertThat(again).isEqualTo(first);
        eventsOf(operationID).body("size()", equalTo(1));
    }
}
