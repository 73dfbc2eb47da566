package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.PackagedApp;

/** SIGTERM with after-callbacks pending: they are delivered within the grace period, or logged with their bodies. */
class ShutdownDrainIT {

    private static final int PORT = 18017;
    private static final String COMMAND = "callbackAfterQuitGroupCommand";

    private BusinessServer server;

    @BeforeEach
    void startServer() {
        server = BusinessServer.instance();
        server.reset();
    }

    @AfterEach
    void stopServer() {
        BusinessServer.shutdown();
    }

    private Map<String, String> environment(Path dir, Map<String, String> extra) throws Exception {
        Path webhooks = Files.writeString(dir.resolve("webhooks.yml"),
                "url: " + server.url() + "\nafterQuitGroup:\n  enable: true\n  timeout: 5\n");
        Map<String, String> environment = new HashMap<>(Map.of("IMHOOK_WEBHOOKS_FILE", webhooks.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(PORT),
                "IMHOOK_DISPATCH_AFTER_QUEUE_WORKERS", "1"));
        environment.putAll(extra);
        return environment;
    }

    private static void quit(String operationID) {
        given().port(PORT).header("operationID", operationID).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202);
    }

    @Test
    void eventsAcceptedBeforeSigtermAreDelivered(@TempDir Path dir) throws Exception {
        server.answerSlowly(COMMAND, 100);
        try (PackagedApp app = PackagedApp.start(environment(dir, Map.of()))) {
            app.awaitReady(PORT);
            List<String> operationIDs = IntStream.range(0, 20).mapToObj(i -> "drain-" + i).toList();
            operationIDs.forEach(ShutdownDrainIT::quit);

            // 143: the JVM's exit code after SIGTERM, with its shutdown hooks run
            assertThat(app.terminate(30)).isIn(0, 143);
            assertThat(server.received().stream().map(r -> r.header("operationID")))
                    .containsExactlyInAnyOrderElementsOf(operationIDs);
            assertThat(app.output()).contains("draining");
        }
    }

    @Test
    void eventsLeftAfterTheGracePeriodAreReportedWithTheirBodies(@TempDir Path dir) throws Exception {
        server.neverAnswer(COMMAND);
        try (PackagedApp app = PackagedApp.start(environment(dir, Map.of(
                "IMHOOK_DISPATCH_AFTER_QUEUE_SHUTDOWN_GRACE", "1s",
                "IMHOOK_DISPATCH_AFTER_QUEUE_RETRY_MAX_RETRIES", "0")))) {
            app.awaitReady(PORT);
            quit("left-1");
            quit("left-2");
            quit("left-3");
            assertThat(server.next().header("operationID")).isEqualTo("left-1");

            assertThat(app.terminate(30)).isNotEqualTo(-1);
            String output = app.output();
            for (String operationID : List.of("left-1", "left-2", "left-3")) {
                assertThat(output).contains("undelivered after-callback afterQuitGroup operationID=" + operationID
                        + " body={\"callbackCommand\":\"callbackAfterQuitGroupCommand\",\"groupID\":\"g1\"");
            }
        }
    }
}
