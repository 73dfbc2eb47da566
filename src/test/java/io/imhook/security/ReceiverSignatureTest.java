package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

/**
 * The reference receiver verifies Standard Webhooks signatures and processes a webhook-id once: a repeat, concurrent
 * or later, gets the first answer, and past {@link SecuredProfile#REPLAY_CAPACITY} ids a new one is refused with 503
 * rather than an id forgotten.
 */
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

    @Test
    void concurrentCopiesOfOneIdAreProcessedOnceAndAllGetTheFirstAnswer() throws Exception {
        int copies = 16;
        ExecutorService senders = Executors.newFixedThreadPool(copies);
        try {
            // a few rounds, each id sent by all senders at once: the reservation must hold on every one
            for (int round = 0; round < 8; round++) {
                String operationID = BusinessServer.operationId("rx-concurrent");
                String id = "evt-" + UUID.randomUUID();
                long timestamp = now();
                // a long request message: reading it takes a while, as a real callback's processing does
                byte[] body = ("{\"fromUserID\":\"spammer\",\"toUserID\":\"bob\",\"reqMsg\":\""
                        + "hello ".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < copies; i++) {
                    answers.add(senders.submit(() -> {
                        RequestSpecification copy = signed(id, timestamp, body, SecuredProfile.newSecret())
                                .header("operationID", operationID);
                        start.await();
                        return copy.post(PATH).then().statusCode(200).extract().asString();
                    }));
                }
                start.countDown();
                List<String> bodies = new ArrayList<>();
                for (Future<String> answer : answers) {
                    bodies.add(answer.get());
                }
                assertThat(bodies).hasSize(copies).allSatisfy(answer -> assertThat(answer).isEqualTo(bodies.get(0)));
                assertThat(bodies.get(0)).contains("\"errCode\":20001");
                eventsOf(operationID).body("size()", equalTo(1));
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void pastTheBoundANewIdIs503WhileKnownIdsAreStillAnsweredAndNoneIsForgotten() {
        // signed this long before the tolerance (5 min) ends, so these ids are forgotten soon after the test
        long shortLived = now() - 300 + 20;
        String operationID = BusinessServer.operationId("rx-bound");
        String knownId = "evt-" + UUID.randomUUID();
        byte[] body = friendRequest("spammer");
        String first = signed(knownId, shortLived, body, SecuredProfile.newSecret()).header("operationID", operationID)
                .post(PATH).then().statusCode(200).extract().asString();

        // as many new ids as the receiver keeps: the ones that find no room are refused, none evicts the known one
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < SecuredProfile.REPLAY_CAPACITY; i++) {
            int status = signed("evt-" + UUID.randomUUID(), now() - 300 + 20, friendRequest("alice"),
                    SecuredProfile.newSecret()).post(PATH).then().extract().statusCode();
            assertThat(status).isIn(200, 503);
            if (status == 200) {
                accepted++;
            } else {
                refused++;
            }
        }
        // the exact copy of the known callback (a replay) is still answered as the first time, and not processed
        String replayed = signed(knownId, shortLived, body, SecuredProfile.newSecret())
                .header("operationID", operationID).post(PATH).then().statusCode(200).extract().asString();
        assertThat(replayed).isEqualTo(first);
        eventsOf(operationID).body("size()", equalTo(1));

        assertThat(refused).as("refused after %d accepted", accepted).isPositive();
        signed("evt-" + UUID.randomUUID(), now(), friendRequest("alice"), SecuredProfile.newSecret()).post(PATH)
                .then().statusCode(503).contentType("application/json")
                .header("Retry-After", notNullValue())
                .body("error", equalTo("replayMemoryFull"))
                .body("message", containsString("imhook.receiver.signing.replay-capacity"));

        // once their window has passed, the short-lived ids are forgotten and a new id has room again
        await("room for a new webhook-id").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> signed("evt-" + UUID.randomUUID(), now(), friendRequest("alice"),
                        SecuredProfile.newSecret()).post(PATH).then().extract().statusCode() == 200);
    }
}
