package io.imhook.console.api;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.dispatch.CircuitBreakerTest;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Callers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The console's business servers: a breaker opened by a stalled server, its failure rate, and Reset. */
@QuarkusTest
@TestProfile(CircuitBreakerTest.SmallBreaker.class)
@WithTestResource(BusinessServerResource.class)
class ConsoleBreakerTest {

    private static final String SINGLE_MSG = "{\"sendID\":\"u1\",\"recvID\":\"u2\",\"sessionType\":1,"
            + "\"contentType\":101,\"content\":\"{\\\"content\\\":\\\"hi\\\"}\"}";

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void close() {
        server.release();
        given().post("/admin/circuit-breakers/reset").then().statusCode(200);
    }

    private JsonPath businessServer() {
        return given().get("/console/api/business-servers").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aStalledServerOpensItsBreakerWhichShowsOpenUntilReset() {
        String origin = server.url().replace("/cb", "");
        String at = "servers.find { it.url == '" + origin + "' }";
        assertThat(businessServer().getString(at + ".breaker")).isEqualTo("CLOSED");

        // beforeAddFriend times out after 1 s; four timeouts fill the profile's window of four calls
        String hanging = BusinessServer.operationId("console-breaker");
        server.neverAnswer(hanging);
        try (Callers callers = new Callers(4)) {
            callers.start(() -> given().header("operationID", hanging)
                    .body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}").post("/dispatch/beforeAddFriend")
                    .statusCode()).forEach(call -> assertThat(call.join()).isEqualTo(200));
        }

        JsonPath open = await("the breaker shows open").atMost(Duration.ofSeconds(10))
                .until(this::businessServer, servers -> "OPEN".equals(servers.getString(at + ".breaker")));
        assertThat(open.getBoolean("breakersEnabled")).isTrue();
        assertThat(open.getDouble(at + ".failureRate")).isEqualTo(1.0);
        assertThat(open.getLong(at + ".callsLastMinute")).isGreaterThanOrEqualTo(4);

        given().queryParam("url", origin).post("/console/api/business-servers/reset")
                .then().statusCode(200).body("action", equalTo("reset")).body("count", equalTo(1));
        assertThat(businessServer().getString(at + ".breaker")).isEqualTo("CLOSED");
    }

    @Test
    void beforeCallbacksHeldByTheServerShowAsSlotsInFlightUntilTheyEnd() {
        String at = "servers.find { it.url == '" + server.url().replace("/cb", "") + "' }";
        String held = BusinessServer.operationId("console-slots");
        server.neverAnswer(held);
        int inFlight = 3;
        try (Callers callers = new Callers(inFlight)) {
            List<CompletableFuture<Integer>> calls = callers.start(() -> given().header("operationID", held)
                    .body(SINGLE_MSG).post("/dispatch/beforeSendSingleMsg").statusCode());
            // beforeSendSingleMsg times out after 5 s: the counts are read once the server holds all three
            assertThat(server.awaitRequests(held, inFlight)).hasSize(inFlight);
            JsonPath holding = businessServer();
            assertThat(holding.getInt(at + ".inFlight")).isEqualTo(inFlight);
            assertThat(holding.getInt(at + ".waiting")).isZero();

            server.release();
            calls.forEach(call -> assertThat(call.join()).isEqualTo(200));
            assertThat(businessServer().getInt(at + ".inFlight")).isZero();
        }
    }
}
