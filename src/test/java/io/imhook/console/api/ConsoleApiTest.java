package io.imhook.console.api;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The console's JSON API on the default test app (no token, memory backend): what the page polls, and its actions.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class ConsoleApiTest extends ConsoleDeadLettersBehaviour {

    private static final String SINGLE_MSG = "{\"sendID\":\"u1\",\"recvID\":\"u2\",\"sessionType\":1,"
            + "\"contentType\":101,\"content\":\"{\\\"content\\\":\\\"hi\\\"}\"}";

    private static JsonPath recent(String operationID) {
        return given().queryParam("operationID", operationID).get("/console/api/recent")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDecisionIsInRecentWithItsDetailAndCountedInNow() {
        String operationID = BusinessServer.operationId("console-recent");
        server.answer(operationID, BusinessServer.ALLOW);
        long allowedBefore = sum(given().get("/console/api/now").then().statusCode(200).extract().jsonPath()
                .getList("counts.allowed", Long.class));

        given().header("operationID", operationID).body(SINGLE_MSG).post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).body("outcome", equalTo("allowed"));

        JsonPath rows = recent(operationID);
        assertThat(rows.getList("$")).hasSize(1);
        assertThat(rows.getString("[0].key")).isEqualTo("beforeSendSingleMsg");
        assertThat(rows.getString("[0].outcome")).isEqualTo("allowed");
        assertThat(rows.getString("[0].ingress")).isEqualTo("dispatch");
        assertThat(rows.getInt("[0].status")).isEqualTo(200);
        assertThat(rows.getDouble("[0].elapsedMs")).isPositive();

        JsonPath detail = given().get("/console/api/decisions/" + rows.getLong("[0].id"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("url")).as("scheme://host:port/path, no query")
                .isEqualTo(server.url() + "/callbackBeforeSendSingleMsgCommand");
        assertThat(detail.getString("headers.operationID")).isEqualTo(operationID);
        assertThat(detail.getString("headers.traceparent")).isNotBlank();
        assertThat(detail.getInt("replyBytes")).isEqualTo(BusinessServer.ALLOW.length());
        assertThat(detail.getBoolean("bodiesShown")).isFalse();
        assertThat(detail.getString("requestBody")).as("no bodies without imhook.log.bodies").isNull();
        assertThat(detail.getString("replyBody")).isNull();

        long allowedAfter = sum(given().get("/console/api/now").then().statusCode(200).extract().jsonPath()
                .getList("counts.allowed", Long.class));
        assertThat(allowedAfter).isGreaterThan(allowedBefore);
    }

    @Override
    String backend() {
        return "memory";
    }

    private static long sum(List<Long> counts) {
        assertThat(counts).hasSize(900);
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void recentFiltersByKeyAndOutcome() {
        String operationID = BusinessServer.operationId("console-filter");
        server.answer(operationID, "{\"actionCode\":0,\"errCode\":5001,\"errMsg\":\"no\",\"errDlt\":\"\","
                + "\"nextCode\":1}");
        given().header("operationID", operationID).body(SINGLE_MSG).post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).body("outcome", equalTo("denied"));

        assertThat(given().queryParam("outcome", "denied").queryParam("key", "beforeSendSingleMsg")
                .get("/console/api/recent").then().statusCode(200).extract().jsonPath().getList("operationID"))
                .contains(operationID);
        assertThat(given().queryParam("outcome", "allowed").queryParam("operationID", operationID)
                .get("/console/api/recent").then().statusCode(200).extract().jsonPath().getList("$")).isEmpty();
        assertThat(given().queryParam("key", "beforeSendGroupMsg").queryParam("operationID", operationID)
                .get("/console/api/recent").then().statusCode(200).extract().jsonPath().getList("$")).isEmpty();
    }

    @Test
    void anUnknownDecisionIs404AndABadIdIs400WithAJsonBody() {
        given().get("/console/api/decisions/99999999").then().statusCode(404).body("error", equalTo("notFound"));
        given().get("/console/api/decisions/abc").then().statusCode(400).body("error", equalTo("badRequest"));
        given().post("/console/api/dead-letters/abc/replay").then().statusCode(400)
                .body("error", equalTo("badRequest"));
        given().post("/console/api/dead-letters/99999999/discard").then().statusCode(404)
                .body("error", equalTo("notFound"));
    }

    @Test
    void callbacksInForceAreThe53KeysOfTheSnapshotInForce() {
        JsonPath callbacks = given().get("/console/api/callbacks").then().statusCode(200).extract().jsonPath();
        JsonPath settings = given().get("/dispatch/settings").then().statusCode(200).extract().jsonPath();
        assertThat(callbacks.getList("callbacks")).hasSize(53);
        assertThat(callbacks.getString("sha256")).isEqualTo(settings.getString("sha256"));
        assertThat(callbacks.getString("file")).isEqualTo("classpath:webhooks-test.yml");
        String addFriend = "callbacks.find { it.key == 'beforeAddFriend' }";
        assertThat(callbacks.getBoolean(addFriend + ".enabled")).isTrue();
        assertThat(callbacks.getLong(addFriend + ".timeoutSeconds")).isEqualTo(1);
        assertThat(callbacks.getString(addFriend + ".url")).isEqualTo(server.url().replace("/cb", ""));
        String single = "callbacks.find { it.key == 'beforeSendSingleMsg' }";
        assertThat(callbacks.getList(single + ".deniedTypes")).containsExactly("102", "104-106");
        assertThat(callbacks.getString("callbacks.find { it.key == 'afterQuitGroup' }.failedContinue")).isNull();
    }

    @Test
    void businessServersAnswerEvenWithBreakersDisabled() {
        JsonPath servers = given().get("/console/api/business-servers").then().statusCode(200).extract()
                .jsonPath();
        assertThat(servers.getBoolean("breakersEnabled")).isFalse();
        assertThat(servers.getInt("bulkheadLimit")).isEqualTo(100);
        assertThat(servers.getMap("$")).containsKeys("servers", "heldBytes", "maxHeldBytes");
    }

    @Test
    void thePageAndItsScriptsComeWithAPolicyThatAllowsNoInlineScript() {
        var page = given().get("/console").then().statusCode(200).extract();
        assertThat(page.contentType()).startsWith("text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.asString()).contains("/console/static/console.js").contains("/console/static/uPlot.iife.min.js")
                .doesNotContain("<script>");
        for (Map.Entry<String, String> script : Map.of("console.js", "text/javascript", "uPlot.iife.min.js",
                "text/javascript", "uPlot.min.css", "text/css", "console.css", "text/css").entrySet()) {
            assertThat(given().get("/console/static/" + script.getKey()).then().statusCode(200).extract()
                    .contentType()).startsWith(script.getValue());
        }
    }
}
