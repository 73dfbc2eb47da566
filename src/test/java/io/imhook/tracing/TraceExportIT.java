package io.imhook.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.imhook.openapi.ApiExamples;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;
import io.restassured.RestAssured;

/**
 * The packaged app's spans as a collector receives them: a real OTLP/HTTP endpoint (a JDK HTTP server that keeps
 * the protobuf bytes of every export) behind {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, a gateway call on the
 * token path, and then the spans must have arrived (the dispatch's and the server's, with its {@code url.path}),
 * with the token replaced and no byte of the message body. Span names and string attributes travel as plain UTF-8
 * in OTLP's protobuf, so the bytes can be searched as they are.
 */
class TraceExportIT {

    private static final String GATEWAY_TOKEN = "it-gateway-token-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void exportedSpansCarryTheDispatchButNeitherTheGatewayTokenNorTheBody() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
                received.write(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        int port = FreePort.pick();
        String marker = "traced-body-" + UUID.randomUUID();
        try (PackagedApp app = PackagedApp.start(Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "IMHOOK_GATEWAY_TOKEN", GATEWAY_TOKEN,
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"))) {
            app.awaitReady(port);
            RestAssured.given().port(port).contentType("application/json").header("operationID", "it-trace-export")
                    .body(ApiExamples.TEXT_MESSAGE.replace("hello", marker))
                    .post("/openim/" + GATEWAY_TOKEN + "/callbackBeforeSendSingleMsgCommand")
                    .then().statusCode(200);

            await("the spans reach the collector").atMost(Duration.ofSeconds(30))
                    .until(() -> text(received).contains("dispatch beforeSendSingleMsg")
                            && text(received).contains("/openim/{token}/callbackBeforeSendSingleMsgCommand"));
            assertThat(text(received)).contains("it-trace-export").doesNotContain(GATEWAY_TOKEN)
                    .doesNotContain(marker);
        } finally {
            collector.stop(0);
        }
    }

    /**
     * With no collector configured, nothing is recorded (a span would only be dropped), and the business server
     * gets the caller's {@code traceparent} exactly as it came, before-callback and after-callback alike: imhook
     * adds no trace of its own for anyone to follow.
     */
    @Test
    void withoutACollectorTheCallersTraceparentReachesTheBusinessServerUnchanged() throws Exception {
        BusinessServer server = BusinessServer.instance();
        int port = FreePort.pick();
        String traceparent = "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
        try (PackagedApp app = PackagedApp.start(Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "WEBHOOKS_URL", server.url(), "WEBHOOKS_AFTERUSERONLINE_ENABLE", "true"))) {
            app.awaitReady(port);
            String before = BusinessServer.operationId("it-traceparent-before");
            RestAssured.given().port(port).contentType("application/json").header("operationID", before)
                    .header("traceparent", traceparent).body(ApiExamples.TEXT_MESSAGE)
                    .post("/dispatch/beforeSendSingleMsg").then().statusCode(200);
            String after = BusinessServer.operationId("it-traceparent-after");
            RestAssured.given().port(port).contentType("application/json").header("operationID", after)
                    .header("traceparent", traceparent).body("{\"userID\":\"u1\",\"platformID\":1}")
                    .post("/dispatch/afterUserOnline").then().statusCode(202);
            String malformed = BusinessServer.operationId("it-traceparent-malformed");
            RestAssured.given().port(port).contentType("application/json").header("operationID", malformed)
                    .header("traceparent", "00-not-a-trace").body(ApiExamples.TEXT_MESSAGE)
                    .post("/dispatch/beforeSendSingleMsg").then().statusCode(200);

            assertThat(server.awaitRequest(before).header("traceparent")).isEqualTo(traceparent);
            assertThat(server.awaitRequest(after).header("traceparent")).isEqualTo(traceparent);
            assertThat(server.awaitRequest(malformed).header("traceparent")).isNull();
        } finally {
            server.release();
        }
    }

    private static String text(ByteArrayOutputStream received) throws IOException {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
