package io.imhook.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.imhook.dispatch.Origin;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The start-up warm-up of the packaged app: readiness waits for a connection to the business server, which sees an
 * OPTIONS and never a callback, and a business server that does not answer holds readiness back only for the bound.
 */
class WarmUpIT {

    /** The warm-up's request carries no operationID: the business server files it under the empty one. */
    private static final String NO_OPERATION_ID = "";

    @Test
    void readinessWaitsForTheConnectionAndTheBusinessServerSeesNoCallback() throws Exception {
        BusinessServer business = BusinessServer.another();
        business.neverAnswer(NO_OPERATION_ID);
        int port = FreePort.pick();
        try (PackagedApp app = PackagedApp.start(Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "WEBHOOKS_URL", business.url(), "IMHOOK_WARM_UP_TIMEOUT", "10m"))) {
            app.awaitReady(port);
            business.awaitRequest(NO_OPERATION_ID);
            assertThat(warmUpCheck(port)).isEqualTo("DOWN");

            business.release();
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(warmUpCheck(port)));
            assertThat(RestAssured.given().port(port).get("/q/health/ready").statusCode()).isEqualTo(200);
            assertThat(business.requestsFor(NO_OPERATION_ID)).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("OPTIONS");
                assertThat(request.path()).isEqualTo(BusinessServer.BASE_PATH);
            });
            assertThat(RestAssured.given().port(port).get("/q/metrics").asString())
                    .doesNotContain("imhook_callbacks_total{");
        } finally {
            business.stop();
        }
    }

    @Test
    void aBusinessServerThatDoesNotAnswerHoldsReadinessOnlyForTheBound() throws Exception {
        BusinessServer business = BusinessServer.another();
        business.neverAnswer(NO_OPERATION_ID);
        int port = FreePort.pick();
        try (PackagedApp app = PackagedApp.start(Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "WEBHOOKS_URL", business.url(), "IMHOOK_WARM_UP_TIMEOUT", "2s"))) {
            app.awaitReady(port);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> RestAssured.given().port(port).get("/q/health/ready").statusCode() == 200);
            assertThat(app.output()).contains("warm-up: no connection to [" + origin(business.url()) + "]");
        } finally {
            business.release();
            business.stop();
        }
    }

    @Test
    void theRequestToImhookItselfCarriesTheApiTokenAndEndsBeforeAnyDecision() throws Exception {
        BusinessServer business = BusinessServer.another();
        int port = FreePort.pick();
        String token = "warm-up-test-token-" + UUID.randomUUID();
        try (PackagedApp app = PackagedApp.start(Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "WEBHOOKS_URL", business.url(), "IMHOOK_API_TOKENS", token, "IMHOOK_GATEWAY_OPEN", "true"))) {
            app.awaitReady(port);
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(warmUpCheck(port)));

            String metrics = RestAssured.given().port(port).header("Authorization", "Bearer " + token)
                    .get("/q/metrics").asString();
            List<String> dispatchRequests = metrics.lines()
                    .filter(line -> line.startsWith("http_server_requests_seconds_count")
                            && line.contains("uri=\"/dispatch/{key}\""))
                    .toList();
            // answered 400 by the codec, so it passed the API token check; nothing decided, counted or recorded
            assertThat(dispatchRequests).singleElement().asString().contains("status=\"400\"");
            assertThat(metrics).doesNotContain("imhook_callbacks_total{");
            assertThat(RestAssured.given().port(port).header("Authorization", "Bearer " + token)
                    .get("/console/api/recent").jsonPath().getList("$")).isEmpty();
            assertThat(business.awaitRequest(NO_OPERATION_ID).method()).isEqualTo("OPTIONS");
            assertThat(business.requestsFor("imhook-warm-up")).isEmpty();
            assertThat(app.output()).doesNotContain(token);
        } finally {
            business.stop();
        }
    }

    private static String warmUpCheck(int port) {
        JsonPath ready = RestAssured.given().port(port).get("/q/health/ready").jsonPath();
        return ready.getString("checks.find { it.name == 'warm-up' }.status");
    }

    private static String origin(String url) {
        return Origin.of(url);
    }
}
