package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Received;
import io.imhook.testing.FreePort;
import io.imhook.testing.KafkaBroker;
import io.imhook.testing.PackagedApp;

/**
 * Two replicas of the packaged service on one Kafka broker, fanning every event out to two targets: they share the
 * deliveries, and one of them killed with SIGKILL under load loses nothing: once it is started again, every
 * accepted event has reached each target at least once, and a duplicate always carries that target's
 * {@code webhook-id}.
 */
class KafkaReplicasIT {

    private static final int EVENTS = 160;
    private static final int CONVERSATIONS = 16;

    private BusinessServer server;
    private BusinessServer archive;

    @BeforeEach
    void startServer() {
        server = BusinessServer.instance();
        archive = BusinessServer.another();
    }

    @AfterEach
    void stopServer() {
        BusinessServer.shutdown();
        archive.stop();
    }

    private Map<String, String> environment(Path dir, int port, String run) throws Exception {
        Path webhooks = dir.resolve("webhooks.yml");
        if (!Files.exists(webhooks)) {
            Files.writeString(webhooks, "url: " + server.url() + "\nafterQuitGroup:\n  enable: true\n  timeout: 2\n"
                    + "  targets:\n    business:\n      url: " + server.url() + "\n    archive:\n      url: "
                    + archive.url() + "\n");
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
        // a held event is tried every 2 s (its timeout) plus at most 1 s, and never given up during the test
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_RETRY_MAX_DELAY", "1s");
        environment.put("IMHOOK_DISPATCH_AFTER_QUEUE_RETRY_MAX_RETRIES", "100");
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

    private static long pending(int port) {
        return given().port(port).get("/admin/after-queue").then().statusCode(200).extract().jsonPath()
                .getLong("pending");
    }

    @Test
    void replicasShareTheDeliveriesAndAKilledOneLosesNothing(@TempDir Path dir) throws Exception {
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        String ops = BusinessServer.operationId("replicas");
        List<String> operationIDs = IntStream.range(0, EVENTS).mapToObj(i -> ops + "-" + i).toList();
        // every fifth event is held unanswered by the business target until the end, and holds up the rest of its
        // conversation there: so the kill comes while both replicas have events taken and not finished, whatever
        // the machine's speed, and the archive target has them all delivered meanwhile
        List<String> held = IntStream.range(0, EVENTS).filter(i -> i % 5 == 0).mapToObj(operationIDs::get).toList();
        held.forEach(server::neverAnswer);
        int portA = FreePort.pick();
        int portB = FreePort.pick();
        PackagedApp a = PackagedApp.start(environment(dir, portA, run));
        long released;
        try (PackagedApp b = PackagedApp.start(environment(dir, portB, run))) {
            a.awaitReady(portA);
            b.awaitReady(portB);
            // order is not checked here, so the events go in from 8 senders at once
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> sent = IntStream.range(0, EVENTS).mapToObj(i -> senders.submit(() -> quit(
                        i % 2 == 0 ? portA : portB, operationIDs.get(i), ops + "-g" + i % CONVERSATIONS)))
                        .collect(java.util.stream.Collectors.toList());
                for (Future<?> done : sent) {
                    done.get();
                }
            } finally {
                senders.shutdownNow();
            }
            // both replicas took a share of the partitions, and have events in hand
            await().atMost(Duration.ofSeconds(60)).until(() -> pending(portA) > 0 && pending(portB) > 0);

            a.kill();
            try (PackagedApp again = PackagedApp.start(environment(dir, portA, run))) {
                again.awaitReady(portA);
                // the restarted replica has joined the group and taken held events of its partitions: released
                // before that, replica B could deliver everything alone
                await().atMost(Duration.ofSeconds(60)).until(() -> pending(portA) > 0);
                released = System.nanoTime();
                server.release();
                await("every accepted event reached the business server").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> operationIDs.stream().allMatch(id -> server.requestsFor(id).stream()
                                .anyMatch(request -> !held.contains(id) || request.receivedAtNanos() > released)));
                await("every accepted event reached the archive").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> operationIDs.stream().allMatch(id -> !archive.requestsFor(id).isEmpty()));
                assertThat(delivered(portB)).isPositive();
                assertThat(delivered(portA)).as("the restarted replica delivers too").isPositive();
            }
        } finally {
            a.close();
        }
        for (String operationID : operationIDs) {
            List<Received> requests = server.requestsFor(operationID);
            String id = requests.get(0).header("webhook-id");
            assertThat(id).as(operationID).endsWith(".business");
            assertThat(requests).as("duplicates of %s", operationID)
                    .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo(id));
            String eventId = id.substring(0, id.length() - ".business".length());
            assertThat(archive.requestsFor(operationID)).as("%s at the archive", operationID)
                    .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo(eventId + ".archive"));
        }
    }
}
