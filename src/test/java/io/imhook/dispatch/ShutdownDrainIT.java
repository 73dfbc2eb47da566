package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;

/**
 * SIGTERM with after-callbacks pending: they are delivered within the grace period, or logged with their webhook-id
 * and bodies: in flight (may have been delivered) or undelivered.
 */
class ShutdownDrainIT {

    private final int port = FreePort.pick();

    private BusinessServer server;

    @BeforeEach
    void startServer() {
        server = BusinessServer.instance();
    }

    @AfterEach
    void stopServer() {
        BusinessServer.shutdown();
    }

    private Map<String, String> environment(Path dir, Map<String, String> extra) throws Exception {
        Path webhooks = Files.writeString(dir.resolve("webhooks.yml"),
                "url: " + server.url() + "\nafterQuitGroup:\n  enable: true\n  timeout: 5\n");
        Map<String, String> environment = new HashMap<>(Map.of("IMHOOK_WEBHOOKS_FILE", webhooks.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "IMHOOK_DISPATCH_AFTER_QUEUE_WORKERS", "1"));
        environment.putAll(extra);
        return environment;
    }

    private void quit(String operationID) {
        given().port(port).header("operationID", operationID).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202);
    }

    @Test
    void eventsAcceptedBeforeSigtermAreDelivered(@TempDir Path dir) throws Exception {
        String run = BusinessServer.operationId("drain");
        List<String> operationIDs = IntStream.range(0, 20).mapToObj(i -> run + "-" + i).toList();
        operationIDs.forEach(operationID -> server.script(operationID, Answer.slowly(100)));
        try (PackagedApp app = PackagedApp.start(environment(dir, Map.of()))) {
            app.awaitReady(port);
            operationIDs.forEach(this::quit);

            // 143: the JVM's exit code after SIGTERM, with its shutdown hooks run
            assertThat(app.terminate(30)).isIn(0, 143);
            assertThat(operationIDs).allSatisfy(operationID ->
                    assertThat(server.requestsFor(operationID)).hasSize(1));
            assertThat(app.output()).contains("draining");
            // the memory backend (the default) makes no Kafka client: no connection attempt, no Kafka log line
            assertThat(app.output()).contains("after-queue backend: memory").doesNotContain("org.apache.kafka");
        }
    }

    @Test
    void eventsLeftAfterTheGracePeriodAreReportedWithTheirBodiesWhereAllowed(@TempDir Path dir) throws Exception {
        List<String> operationIDs = IntStream.rangeClosed(1, 3).mapToObj(i -> BusinessServer.operationId("left"))
                .toList();
        operationIDs.forEach(server::neverAnswer);
        try (PackagedApp app = PackagedApp.start(environment(dir, Map.of(
                "IMHOOK_DISPATCH_AFTER_QUEUE_SHUTDOWN_GRACE", "1s",
                "IMHOOK_DISPATCH_AFTER_QUEUE_RETRY_MAX_RETRIES", "0",
                // bodies in logs only behind this setting (by default: size and hash)
                "IMHOOK_LOG_BODIES", "true")))) {
            app.awaitReady(port);
            operationIDs.forEach(this::quit);
            // the one worker holds the first event; the other two wait behind it
            String inFlightId = server.awaitRequest(operationIDs.get(0)).header("webhook-id");

            assertThat(app.terminate(30)).isNotEqualTo(-1);
            String output = app.output();
            String body = " body {\"callbackCommand\":\"callbackAfterQuitGroupCommand\",\"groupID\":\"g1\"";
            // the business server got the first one: a receiver that sees its webhook-id again can drop it
            assertThat(output).contains("after-callback afterQuitGroup operationID=" + operationIDs.get(0)
                    + " webhook-id=" + inFlightId + " in flight at the end of the shutdown grace, may have been "
                    + "delivered (attempt 1)" + body);
            assertThat(output).doesNotContain("undelivered after-callback afterQuitGroup operationID="
                    + operationIDs.get(0));
            for (String operationID : operationIDs.subList(1, operationIDs.size())) {
                assertThat(server.requestsFor(operationID)).isEmpty();
                assertThat(output).containsPattern(Pattern.quote(
                        "undelivered after-callback afterQuitGroup operationID=" + operationID + " webhook-id=")
                        + "[0-9a-f-]{36} never attempted" + Pattern.quote(body));
            }
        }
    }
}
