package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** A burst of 10,000 after-callbacks against a business server that fails one call in three: nothing is lost. */
@QuarkusTest
@TestProfile(LedgerBurstTest.FastRetries.class)
@WithTestResource(BusinessServerResource.class)
class LedgerBurstTest {

    private static final int EVENTS = 10_000;
    private static final String COMMAND = "callbackAfterQuitGroupCommand";

    public static class FastRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.after-queue.retry.initial-delay", "1ms",
                    "imhook.dispatch.after-queue.retry.max-delay", "10ms",
                    "imhook.dispatch.after-queue.retry.max-retries", "5",
                    // 3,300 failed attempts would each log a warning
                    "quarkus.log.category.\"io.imhook.dispatch.AfterQueue\".level", "ERROR");
        }
    }

    @Test
    void ledgerBalancesExactlyAfterABurst() throws Exception {
        BusinessServer server = BusinessServer.instance();
        server.reset();
        server.failEvery(COMMAND, 3);
        JsonPath before = ledger();

        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = IntStream.range(0, EVENTS)
                    .mapToObj(i -> senders.submit(() -> given().header("operationID", "burst-" + i)
                            .body("{\"groupID\":\"g1\",\"userID\":\"u" + i + "\"}")
                            .post("/dispatch/afterQuitGroup").statusCode()))
                    .toList();
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            senders.shutdownNow();
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> ledger().getLong("pending") == 0);
        JsonPath after = ledger();
        long accepted = after.getLong("accepted") - before.getLong("accepted");
        long delivered = after.getLong("delivered") - before.getLong("delivered");
        long deadLettered = after.getLong("deadLettered") - before.getLong("deadLettered");
        long discarded = after.getLong("discarded") - before.getLong("discarded");
        assertThat(accepted).isEqualTo(EVENTS);
        assertThat(delivered + deadLettered + discarded).isEqualTo(accepted);
        assertThat(after.getBoolean("balances")).isTrue();
        assertThat(after.getLong("failed") - before.getLong("failed")).isGreaterThan(EVENTS / 4);

        // the business server's own account: every event reached it, and no more calls than attempts were made
        // (a failed attempt may not reach it at all: a connection the server closed under load)
        List<BusinessServer.Received> received = List.copyOf(server.received());
        Set<String> sent = received.stream().map(r -> r.header("operationID")).collect(Collectors.toSet());
        assertThat(sent).hasSize(EVENTS);
        assertThat(received.size()).isBetween(EVENTS + EVENTS / 4,
                EVENTS + (int) (after.getLong("failed") - before.getLong("failed")));
    }

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }
}
