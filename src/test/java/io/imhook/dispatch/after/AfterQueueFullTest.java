package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Prometheus;
import io.imhook.testing.Settle;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A full after-queue refuses with 503 and Retry-After, counted: never a silent drop, never a stall. Full means the
 * count ({@code capacity}) or the body bytes ({@code capacity-bytes}); the dead letters keep within their bytes by
 * evicting the oldest, counted, and the ledger still balances.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class AfterQueueFullTest {

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }

    /** The ledger's {@code name} now. */
    private static long ledger(String name) {
        return ledger().getLong(name);
    }

    /**
     * An afterQuitGroup body of about {@code size} bytes for group {@code groupID}: a long userID (a field the
     * record binds; unknown ones are skipped, so they would not reach the queue).
     */
    private static String body(String groupID, int size) {
        String head = "{\"groupID\":\"" + groupID + "\",\"userID\":\"";
        return head + "u".repeat(size - head.length() - 2) + "\"}";
    }

    @Test
    void fullQueueAnswers503WithRetryAfter() {
        BusinessServer server = BusinessServer.instance();
        String operationID = BusinessServer.operationId("full");
        server.neverAnswer(operationID);
        String body = "{\"groupID\":\"g1\",\"userID\":\"u1\"}";
        JsonPath before = ledger();
        // the one worker takes the first event and waits on the server; the next ones fill the queue
        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup").then().statusCode(202);
        server.awaitRequest(operationID);
        for (int i = 0; i < TightLimits.AFTER_QUEUE_CAPACITY; i++) {
            given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup")
                    .then().statusCode(202);
        }

        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("error", equalTo("queueFull"))
                .body("message", containsString("afterQuitGroup"));
        JsonPath full = ledger();
        int accepted = TightLimits.AFTER_QUEUE_CAPACITY + 1;
        assertThat(full.getLong("refused") - before.getLong("refused")).isEqualTo(1);
        assertThat(full.getLong("accepted") - before.getLong("accepted")).isEqualTo(accepted);
        assertThat(full.getLong("pending")).isEqualTo(accepted);
        Settle.afterQueue(server);
        JsonPath settled = ledger();
        assertThat(settled.getBoolean("balances")).isTrue();
        assertThat(settled.getLong("accepted") - before.getLong("accepted")).isEqualTo(accepted);
    }

    @Test
    void aBodyPastTheByteBudgetIsRefusedLikeAFullQueue() {
        BusinessServer server = BusinessServer.instance();
        String operationID = BusinessServer.operationId("bytes");
        server.neverAnswer(operationID);
        long refusedBefore = ledger("refused");
        long acceptedBefore = ledger("accepted");
        // one event of 5 KiB is taken (the worker holds it); a second would hold 10 KiB of the 8 KiB budget
        // (TightLimits.AFTER_QUEUE_CAPACITY_BYTES)
        given().header("operationID", operationID).body(body(operationID, 5 * 1024)).post("/dispatch/afterQuitGroup")
                .then().statusCode(202);
        server.awaitRequest(operationID);
        var change = Prometheus.change(() -> given().header("operationID", operationID)
                .body(body(operationID, 5 * 1024)).post("/dispatch/afterQuitGroup")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("error", equalTo("queueFull"))
                .body("message", containsString("body bytes")));
        assertThat(change.of("imhook_after_queue_refused", Map.of())).isEqualTo(1);
        assertThat(ledger("refused")).isEqualTo(refusedBefore + 1);
        // the count had room: a small one is still taken
        given().header("operationID", operationID).body(body(operationID, 200)).post("/dispatch/afterQuitGroup")
                .then().statusCode(202);
        assertThat(ledger("accepted")).isEqualTo(acceptedBefore + 2);
        Settle.afterQueue(server);
        given().get("/admin/after-queue").then().body("balances", equalTo(true));
    }

    @Test
    void deadLettersPastTheirByteBudgetEvictTheOldestCounted() {
        BusinessServer server = BusinessServer.instance();
        String first = BusinessServer.operationId("dead-bytes-1");
        String second = BusinessServer.operationId("dead-bytes-2");
        server.answer(first, 500, BusinessServer.ALLOW);
        server.answer(second, 500, BusinessServer.ALLOW);
        // start from no dead letters (the other tests leave some); deleting them counts as discarded
        given().delete("/admin/dead-letters").then().statusCode(200);
        long discardedBefore = ledger("discarded");
        // two given-up events of 4 KiB: together past the 6 KiB of the dead letters
        // (TightLimits.DEAD_LETTER_CAPACITY_BYTES), so the older one goes
        var change = Prometheus.change(() -> {
            given().header("operationID", first).body(body(first, 4 * 1024)).post("/dispatch/afterQuitGroup")
                    .then().statusCode(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterIds().contains(first));
            given().header("operationID", second).body(body(second, 4 * 1024)).post("/dispatch/afterQuitGroup")
                    .then().statusCode(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterIds().contains(second));
        });
        assertThat(deadLetterIds()).contains(second).doesNotContain(first);
        assertThat(change.of("imhook_after_queue_dead_letters_evicted_total", Map.of("limit", "bytes")))
                .isEqualTo(1);
        assertThat(ledger("discarded")).isEqualTo(discardedBefore + 1);
        given().get("/admin/after-queue").then().body("balances", equalTo(true));
        Settle.afterQueue(server);
    }

    private static java.util.List<String> deadLetterIds() {
        return given().queryParam("limit", 10_000).get("/admin/dead-letters").then().statusCode(200).extract()
                .jsonPath().getList("operationID", String.class);
    }
}
