package io.imhook.health;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.imhook.openapi.ApiExamples;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.Prometheus;
import io.imhook.testing.Prometheus.Change;
import io.imhook.testing.ShippedAppProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** What operators get from the packaged app (jar, or the native binary): probes, metrics, API docs, JSON logs. */
@QuarkusIntegrationTest
@TestProfile(ShippedAppProfile.class)
class OperationsIT {

    /** Where {@code @QuarkusIntegrationTest} writes the output of the app it launched. */
    private static final Path APP_LOG = Path.of("target", "quarkus.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void probesAnswerUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'webhooks.yml' }.data.file", equalTo("classpath:webhooks.yml"))
                .body("checks.find { it.name == 'webhooks.yml' }.data.enabledCallbacks", equalTo(4))
                .body("checks.find { it.name == 'after-queue' }.status", equalTo("UP"));
    }

    @Test
    void aDispatchMovesItsCounter() {
        String operationID = BusinessServer.operationId("it-metrics");
        Map<String, String> denied = Map.of("key", "beforeSendGroupMsg", "outcome", "denied");

        Change change = Prometheus.change(() -> given().contentType(ContentType.JSON)
                .header("operationID", operationID)
                .body("{\"sendID\":\"a\",\"groupID\":\"g1\",\"sessionType\":3,\"contentType\":101,"
                        + "\"content\":\"{\\\"content\\\":\\\"badword\\\"}\"}")
                .post("/dispatch/beforeSendGroupMsg").then().statusCode(200).body("outcome", equalTo("denied")));

        assertThat(change.of("imhook_callbacks_total", denied)).isEqualTo(1);
        assertThat(change.of("imhook_callback_roundtrip_seconds_count", denied)).isEqualTo(1);
        assertThat(Prometheus.has(change.after(), "imhook_after_queue_depth")).isTrue();
    }

    @Test
    void theApiIsDocumentedAndTheSwaggerUiIsOffInProduction() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/dispatch/{key}"))
                .body("paths", hasKey("/{basePath}/{command}"))
                .body("paths.'/dispatch/{key}'.post.responses.'200'.content.'application/json'.examples",
                        hasKey("denied"));
        // the packaged app runs the prod profile: no Swagger UI there (dev mode and tests keep it)
        given().get("/q/swagger-ui/").then().statusCode(404);
    }

    @Test
    void logsAreJsonLinesCarryingTheOperationId() {
        String operationID = BusinessServer.operationId("it-log");
        given().contentType(ContentType.JSON).header("operationID", operationID).body(ApiExamples.TEXT_MESSAGE)
                .post("/dispatch/beforeSendSingleMsg").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(APP_LOG))
                .filteredOn(line -> line.startsWith("{"))
                .map(OperationsIT::json)
                .anySatisfy(line -> {
                    assertThat(line.path("message").asText())
                            .isEqualTo("POST /dispatch/beforeSendSingleMsg answered 200");
                    assertThat(line.path("mdc").path("operationID").asText()).isEqualTo(operationID);
                    // the request's OpenTelemetry trace, which the business server got as traceparent
                    assertThat(line.path("mdc").path("traceId").asText()).matches("[0-9a-f]{32}");
                }));
    }

    /**
     * Without a collector the caller's trace still runs through: the request's log lines carry the trace id of the
     * {@code traceparent} it came with (which fails where no trace context is made at all), and no export is
     * tried, so none fails. That spans are made and exported once a collector is configured, and the
     * {@code traceparent} the business server gets, {@code TraceExportIT} checks against a real OTLP endpoint.
     */
    @Test
    void tracesNeedNoCollector() {
        String operationID = BusinessServer.operationId("it-trace");
        String traceId = operationID.substring(operationID.length() - 36).replace("-", "");
        given().contentType(ContentType.JSON).header("operationID", operationID)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(ApiExamples.TEXT_MESSAGE).post("/dispatch/beforeSendSingleMsg").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(APP_LOG))
                .filteredOn(line -> line.startsWith("{"))
                .map(OperationsIT::json)
                .filteredOn(line -> line.path("mdc").path("operationID").asText().equals(operationID))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId)));
        // the batch span processor exports every 5 s; without a collector, no export may be tried (and fail)
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readAllLines(APP_LOG).stream().noneMatch(line -> line.contains("Failed to export")));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
