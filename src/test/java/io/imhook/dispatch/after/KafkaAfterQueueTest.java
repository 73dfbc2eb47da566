package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.FanOutTargets;
import io.imhook.testing.KafkaBroker;
import io.imhook.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The after-queue's behaviour on the Kafka backend, against a real broker ({@link KafkaBrokerResource}); and what
 * only Kafka has: a broker outage refuses after-callbacks with 503 in bounded time, leaves before-callbacks alone,
 * and loses nothing that was accepted.
 */
@QuarkusTest
@TestProfile(KafkaAfterQueueTest.Kafka.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(FanOutTargets.class)
@WithTestResource(KafkaBrokerResource.class)
public class KafkaAfterQueueTest extends AfterQueueBehaviour {

    /** Body bytes a replica takes from the topic; the other tests' bodies are far below it together. */
    static final int MAX_POLLED_BYTES = 8 * 1024;

    public static class Kafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(schedule());
            config.put("imhook.dispatch.after-queue.kafka.send-timeout", "3s");
            config.put("imhook.dispatch.after-queue.kafka.max-polled-bytes", String.valueOf(MAX_POLLED_BYTES));
            return config;
        }
    }

    @Test
    void aReplicaStopsTakingEventsPastMaxPolledBytes() {
        String run = BusinessServer.operationId("polled-bytes");
        int bodySize = 3 * 1024;
        List<String> events = IntStream.range(0, 6).mapToObj(i -> run + "-" + i).toList();
        // one conversation, in order: the first is held unanswered, the others wait behind it in the replica
        server.neverAnswer(events.get(0));
        // a long groupID, as only known fields are kept in the body
        String group = run + "-" + "x".repeat(bodySize);
        events.forEach(operationID -> given().header("operationID", operationID)
                .body("{\"groupID\":\"" + group + "\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup").then().statusCode(202));
        server.awaitRequest(events.get(0));

        // 3 KiB each: the third passes 8 KiB, so the replica takes three and leaves the rest in the topic
        int taken = MAX_POLLED_BYTES / bodySize + 1;
        await().atMost(Duration.ofSeconds(30)).until(KafkaAfterQueueTest::pending, held -> held >= taken);
        assertThat(pending()).isEqualTo(taken);

        server.release();
        events.forEach(server::awaitRequest);
    }

    private static long pending() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath().getLong("pending");
    }

    @Test
    void aBrokerOutageRefusesAfterCallbacksInBoundedTimeAndLosesNothingAccepted() {
        String run = BusinessServer.operationId("outage");
        List<String> accepted = IntStream.range(0, 10).mapToObj(i -> run + "-" + i).toList();
        accepted.forEach(server::neverAnswer);
        accepted.forEach(operationID -> quit(operationID, operationID));
        server.awaitRequest(accepted.get(0));

        KafkaBroker broker = KafkaBroker.instance();
        broker.killHard();
        try {
            String refused = run + "-refused";
            long start = System.nanoTime();
            given().header("operationID", refused).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                    .post("/dispatch/afterQuitGroup")
                    .then().statusCode(503)
                    .contentType("application/json")
                    .header("Retry-After", "1")
                    .body("error", equalTo("queueUnavailable"));
            // send-timeout is 3 s; the bound is wide for a loaded machine, and far below a client's patience
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000L);
            assertThat(server.requestsFor(refused)).isEmpty();

            given().header("operationID", run + "-before").body("{\"userID\":\"u1\",\"nickName\":\"n\"}")
                    .post("/dispatch/beforeUpdateUserInfoEx")
                    .then().statusCode(200).body("outcome", equalTo("allowed"));
        } finally {
            broker.restart();
        }

        server.release();
        accepted.forEach(server::awaitRequest);
        String after = run + "-after";
        quit(after, after);
        server.awaitRequest(after);
    }
}
