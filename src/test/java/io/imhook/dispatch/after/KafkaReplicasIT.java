package io.imhook.dispatch.after;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServer.Received;
import io.imhook.testing.FreePort;
import io.imhook.testing.KafkaBroker;
import io.imhook.testing.PackagedApp;

/**
 * Two replicas of the packaged service on one Kafka broker: they share the deliveries, and one of them killed with
 * SIGKILL under load loses nothing: once it is started again, every accepted event has reached the business server
 * at least once, and a duplicate always carries the same {@code webhook-id}.
 */
class KafkaReplicasIT {

    private static final int EVENTS = 240;
    private static final int CONVERSATIONS = 24;

    private BusinessServer server;

    @BeforeEach
    void startServer() {
        server = BusinessServer.instance();
    }

    @AfterEach
    void stopServer() {
        BusinessServer.shutdown();
    }

    private Map<String, String> environment(Path dir, int port, String run) throws Exception {
        Path webhooks = dir.resolve("webhooks.yml");
        if (!Files.exists(webhooks)) {
            Files.writeString(webhooks, "url: " + server.url() + "\nafterQuitGroup:\n  enable: true\n  timeout: 5\n");
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("IMHOOK_WEBHOOKS_FILE", webhooks.toString());
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_BACKEND", "kafka");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.instance().bootstrapServers());
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_KAFKA_TOPIC", "after-" + run);
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_KAFKA_DEAD_LETTER_TOPIC", "dead-" + run);
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_KAFKA_GROUP_ID", "imhook-" + run);
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_KAFKA_PARTITIONS", "6");
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_WORKERS", "4");
        // the killed replica's partitions move after 6 s (the broker's minimum) rather than imhook's 10
        environment.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        environment.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        return environment;
    }

    private static void quit(int port, String operationID, String group) {
        given().port(port).header("operationID", operationID)
                .body("{\"groupID\":\"" + group + "\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202);
    }

    private static long delivered(int port) {
        return given().port(port).get("/admin/after-queue").then().statusCode(200).extract().jsonPath()
                .getLong("delivered");
    }

    @Test
    void replicasShareTheDeliveriesAndAKilledOneLosesNothing(@TempDir Path dir) throws Exception {
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        String ops = BusinessServer.operationId("replicas");
        List<String> operationIDs = IntStream.range(0, EVENTS).mapToObj(i -> ops + "-" + i).toList();
        // a slow business server, so that the kill comes while most events are still on their way
        operationIDs.forEach(operationID -> server.script(operationID, Answer.slowly(400)));
        int portA = FreePort.pick();
        int portB = FreePort.pick();
        PackagedApp a = PackagedApp.start(environment(dir, portA, run));
        try (PackagedApp b = PackagedApp.start(environment(dir, portB, run))) {
            a.awaitReady(portA);
            b.awaitReady(portB);
            for (int i = 0; i < EVENTS; i++) {
                quit(i % 2 == 0 ? portA : portB, operationIDs.get(i), ops + "-g" + i % CONVERSATIONS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(portA) > 0 && delivered(portB) > 0);
            long reachedBeforeKill = operationIDs.stream().filter(id -> !server.requestsFor(id).isEmpty()).count();

            a.kill();
            assertThat(reachedBeforeKill).as("the kill came under load").isLessThan(EVENTS);
            try (PackagedApp again = PackagedApp.start(environment(dir, portA, run))) {
                again.awaitReady(portA);
                await("every accepted event reached the business server").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> operationIDs.stream().allMatch(id -> !server.requestsFor(id).isEmpty()));
                assertThat(delivered(portB)).isPositive();
            }
        } finally {
            a.close();
        }
        for (String operationID : operationIDs) {
            List<Received> requests = server.requestsFor(operationID);
            String id = requests.get(0).header("webhook-id");
            assertThat(id).as(operationID).isNotBlank();
            assertThat(requests).as("duplicates of %s", operationID)
                    .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo(id));
        }
    }
}
