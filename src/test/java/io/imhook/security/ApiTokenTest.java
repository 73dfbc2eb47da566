package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With {@code imhook.api.tokens} set, the API needs the bearer token; health, metrics and callbacks do not. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class ApiTokenTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /dispatch",
            "POST, /dispatch/beforeAddBlack",
            "POST, /dispatch/noSuchKey",
            "GET, /admin/after-queue",
            "GET, /admin/dead-letters",
            "DELETE, /admin/dead-letters",
            "POST, /admin/dead-letters/replay",
            "POST, /admin/something-added-later",
            "GET, /callbackExample/events",
            "GET, /callbackExample/stats",
            "GET, /callbackExample/events;x=1",
            "POST, /openim;x/../dispatch/beforeAddBlack",
            "GET, /nothing-here" })
    void withoutTheTokenEveryApiPathAnswers401WithAJsonBody(String method, String path) {
        given().body("{}").request(method, path).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"imhook\"")
                .contentType("application/json")
                .body("error", equalTo("unauthorized"))
                .body("message", not(org.hamcrest.Matchers.containsString(SecuredProfile.TOKEN)));
    }

    @Test
    void aWrongOrMalformedTokenIs401() {
        for (String authorization : new String[] { "Bearer wrong-token-of-enough-length", "Basic " + SecuredProfile.TOKEN,
                "Bearer", SecuredProfile.TOKEN, "Bearer " + SecuredProfile.TOKEN + "x" }) {
            given().header("Authorization", authorization).get("/dispatch").then().statusCode(401);
        }
    }

    @Test
    void theTokenOpensTheApi() {
        String operationID = BusinessServer.operationId("token");
        SignedCallbacksTest.api().get("/dispatch").then().statusCode(200);
        given().header("Authorization", "bearer " + SecuredProfile.TOKEN).get("/admin/after-queue").then()
                .statusCode(200);
        SignedCallbacksTest.api().header("operationID", operationID)
                .body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}").post("/dispatch/beforeAddBlack")
                .then().statusCode(200).body("outcome", equalTo("allowed"));
        assertThat(BusinessServer.instance().requestsFor(operationID)).singleElement()
                .satisfies(request -> assertThat(request.body()).contains("\"blackUserID\":\"u2\""));
        SignedCallbacksTest.api().get("/callbackExample/stats").then().statusCode(200);
    }

    @Test
    void healthAndMetricsStayOpenForKubernetesAndPrometheus() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theReceiversCallbacksAreCheckedBySignatureNotByToken() {
        given().body("{}").post("/callbackExample/callbackBeforeAddFriendCommand").then().statusCode(401)
                .body("error", equalTo("badSignature"));
    }

    /**
     * The OpenIM ingress has its own path token instead (OpenIM cannot send headers): with it and no bearer token
     * the callback is dispatched; without it, it is refused with a block, the business server seeing neither.
     */
    @Test
    void theOpenImIngressIsBehindItsPathTokenNotTheBearerToken() throws Exception {
        String operationID = BusinessServer.operationId("gw-token");
        given().header("operationID", operationID).body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}")
                .post("/openim/" + SecuredProfile.GATEWAY_TOKEN + "/callbackBeforeAddFriendCommand")
                .then().statusCode(200).body("actionCode", equalTo(0)).body("nextCode", equalTo(0));
        assertThat(BusinessServer.instance().requestsFor(operationID)).singleElement()
                .satisfies(request -> assertThat(request.path()).endsWith("/callbackBeforeAddFriendCommand"));

        String refused = BusinessServer.operationId("gw-no-token");
        given().header("operationID", refused).body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}")
                .post("/openim/callbackBeforeAddFriendCommand")
                .then().statusCode(404).body("error", equalTo("notFound")).body("nextCode", equalTo(1));
        assertThat(BusinessServer.instance().requestsFor(refused)).isEmpty();
    }
}
