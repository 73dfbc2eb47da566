package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.signing.SigningSecret;
import io.imhook.signing.WebhookSigner;
import io.imhook.signing.WebhookVerifier;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/** Every outbound callback is signed (Standard Webhooks), before and after, with an id kept across retries. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class SignedCallbacksTest {

    private final BusinessServer server = BusinessServer.instance();

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + SecuredProfile.TOKEN);
    }

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
        api().delete("/admin/dead-letters").then().statusCode(200);
    }

    /** Verifies one received request over the bytes that arrived, with one secret. */
    static void verify(BusinessServer.Received request, SigningSecret secret) {
        new WebhookVerifier(List.of(secret), Duration.ofMinutes(5), Clock.systemUTC()).verify(
                request.header(WebhookSigner.ID_HEADER), request.header(WebhookSigner.TIMESTAMP_HEADER),
                request.header(WebhookSigner.SIGNATURE_HEADER), request.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBeforeCallbackCarriesOneSignaturePerSecretOverTheExactBytesSent() {
        String operationID = BusinessServer.operationId("signed-before");
        api().header("operationID", operationID).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack").then().statusCode(200).body("outcome", equalTo("allowed"));

        BusinessServer.Received request = server.awaitRequest(operationID);
        assertThat(request.header(WebhookSigner.ID_HEADER)).isNotBlank();
        long timestamp = Long.parseLong(request.header(WebhookSigner.TIMESTAMP_HEADER));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(60);
        assertThat(request.header(WebhookSigner.SIGNATURE_HEADER).split(" ")).hasSize(2)
                .allSatisfy(signature -> assertThat(signature).startsWith("v1,"));
        // a receiver that knows either secret accepts it: the rotation works both ways
        assertThatCode(() -> verify(request, SecuredProfile.oldSecret())).doesNotThrowAnyException();
        assertThatCode(() -> verify(request, SecuredProfile.newSecret())).doesNotThrowAnyException();
        // and it is the body as sent: one byte more and it fails
        BusinessServer.Received tampered = new BusinessServer.Received(request.method(), request.path(),
                request.query(), request.headers(), request.body() + " ", request.receivedAtNanos());
        assertThatThrownBy(() -> verify(tampered, SecuredProfile.newSecret()))
                .isInstanceOf(WebhookVerifier.Rejected.class);
    }

    @Test
    void everyEventHasItsOwnId() {
        String first = BusinessServer.operationId("signed-first");
        String second = BusinessServer.operationId("signed-second");
        for (String operationID : List.of(first, second)) {
            api().header("operationID", operationID).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                    .post("/dispatch/beforeAddBlack").then().statusCode(200);
        }
        assertThat(server.awaitRequest(first).header(WebhookSigner.ID_HEADER))
                .isNotEqualTo(server.awaitRequest(second).header(WebhookSigner.ID_HEADER));
    }

    @Test
    void anAfterCallbackKeepsItsIdAcrossRetriesAndAReplayAndIsSignedAnewEachTime() {
        String operationID = BusinessServer.operationId("signed-after");
        server.script(operationID, Answer.status(500));
        api().header("operationID", operationID).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup").then().statusCode(202);

        // max-retries 2: three attempts, then a dead letter
        long deadLetter = await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/admin/dead-letters")
                .then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.operationID == '" + operationID + "' }.id", Long.class), ids -> ids.size() == 1)
                .get(0);
        List<BusinessServer.Received> attempts = server.awaitRequests(operationID, 3);
        String id = attempts.get(0).header(WebhookSigner.ID_HEADER);
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.header(WebhookSigner.ID_HEADER)).isEqualTo(id);
            verify(attempt, SecuredProfile.newSecret());
        });

        server.release();
        api().post("/admin/dead-letters/" + deadLetter + "/replay").then().statusCode(200);
        BusinessServer.Received replayed = server.awaitRequests(operationID, 4).get(3);
        assertThat(replayed.header(WebhookSigner.ID_HEADER)).isEqualTo(id);
        verify(replayed, SecuredProfile.oldSecret());
    }
}
