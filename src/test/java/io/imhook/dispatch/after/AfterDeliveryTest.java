package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * After-callback delivery: retried on the schedule (here 200 ms, 400 ms, 800 ms, at most 4 s, 20 % jitter),
 * honouring Retry-After, final on other 4xx, and dead-lettered when retries run out; dead letters are listed,
 * replayed and deleted through the admin API, and the ledger accounts for every event.
 */
@QuarkusTest
@TestProfile(MemoryAfterQueueTest.Memory.class)
@WithTestResource(BusinessServerResource.class)
class AfterDeliveryTest {

    private final BusinessServer server = BusinessServer.instance();

    @BeforeEach
    void noDeadLetters() {
        given().delete("/admin/dead-letters").then().statusCode(200);
    }

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    private static void quit(String operationID) {
        given().header("operationID", operationID).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202).body("outcome", equalTo("queued"));
    }

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }

    private static long millisBetween(BusinessServer.Received earlier, BusinessServer.Received later) {
        return (later.receivedAtNanos() - earlier.receivedAtNanos()) / 1_000_000;
    }

    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger().getLong("pending") == 0);
        assertThat(ledger().getBoolean("balances")).isTrue();
    }

    @Test
    void failedDeliveriesAreRetriedWithExponentialBackoff() {
        String operationID = BusinessServer.operationId("retry");
        server.script(operationID, Answer.status(503), Answer.status(500), Answer.allow());
        long deliveredBefore = ledger().getLong("delivered");
        quit(operationID);

        List<BusinessServer.Received> attempts = server.awaitRequests(operationID, 3);
        // 200 ms and 400 ms, each up to 20 % shorter; the upper bounds leave room for a loaded machine
        assertThat(millisBetween(attempts.get(0), attempts.get(1))).isBetween(160L, 1500L);
        assertThat(millisBetween(attempts.get(1), attempts.get(2))).isBetween(320L, 2000L);
        awaitQuiet();
        assertThat(ledger().getLong("delivered")).isEqualTo(deliveredBefore + 1);
        assertThat(server.requestsFor(operationID)).hasSize(3);
    }

    @Test
    void retryAfterSetsTheDelay() {
        String operationID = BusinessServer.operationId("retry-after");
        server.script(operationID, Answer.status(429).withHeader("Retry-After", "1"), Answer.allow());
        quit(operationID);
        List<BusinessServer.Received> attempts = server.awaitRequests(operationID, 2);
        // Retry-After: 1 replaces the 200 ms of the schedule
        assertThat(millisBetween(attempts.get(0), attempts.get(1))).isBetween(1000L, 3000L);
        awaitQuiet();
    }

    @Test
    void retryAfterAsAnHttpDateSetsTheDelayUntilThatTime() {
        String operationID = BusinessServer.operationId("retry-after-date");
        long scriptedAtNanos = System.nanoTime();
        Instant scriptedAt = Instant.now();
        // whole seconds, as an HTTP-date has them: 3 to 4 s from now, below max-delay (4 s)
        Instant retryAt = scriptedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
        server.script(operationID, Answer.status(503).withHeader("Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt.atOffset(ZoneOffset.UTC))), Answer.allow());
        quit(operationID);
        List<BusinessServer.Received> attempts = server.awaitRequests(operationID, 2);
        long dueMillis = Duration.between(scriptedAt, retryAt).toMillis();
        long retriedAfterMillis = (attempts.get(1).receivedAtNanos() - scriptedAtNanos) / 1_000_000;
        // no sooner than the date (the 200 ms of the schedule would be far sooner), 100 ms for the clocks' grain;
        // the upper bound leaves room for a loaded machine
        assertThat(retriedAfterMillis).isBetween(dueMillis - 100, dueMillis + 10_000);
        awaitQuiet();
    }

    @Test
    void otherClientErrorsAreFinal() {
        String operationID = BusinessServer.operationId("final");
        server.answer(operationID, 400, "{\"error\":\"bad\"}");
        quit(operationID);
        awaitQuiet();
        assertThat(server.requestsFor(operationID)).hasSize(1);
        given().get("/admin/dead-letters").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].operationID", equalTo(operationID))
                .body("[0].attempts", equalTo(1))
                .body("[0].lastError", equalTo("business server answered HTTP 400"));
    }

    @Test
    void exhaustedRetriesBecomeADeadLetterThatCanBeReplayed() {
        String operationID = BusinessServer.operationId("dead");
        server.answer(operationID, 500, BusinessServer.ALLOW);
        long deliveredBefore = ledger().getLong("delivered");
        quit(operationID);
        awaitQuiet();
        assertThat(server.requestsFor(operationID)).hasSize(4);
        JsonPath letters = given().get("/admin/dead-letters").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].key", equalTo("afterQuitGroup"))
                .body("[0].operationID", equalTo(operationID))
                .body("[0].attempts", equalTo(4))
                .body("[0].lastError", equalTo("business server answered HTTP 500"))
                .body("[0].body.groupID", equalTo("g1"))
                .extract().jsonPath();
        assertThat(ledger().getLong("deadLettered")).isEqualTo(1);

        server.release();
        given().post("/admin/dead-letters/" + letters.getLong("[0].id") + "/replay")
                .then().statusCode(200).body("replayed", equalTo(1));
        awaitQuiet();
        assertThat(server.requestsFor(operationID)).hasSize(5);
        assertThat(ledger().getLong("deadLettered")).isZero();
        assertThat(ledger().getLong("delivered")).isEqualTo(deliveredBefore + 1);
        given().get("/admin/dead-letters").then().body("$", hasSize(0));
    }

    @Test
    void allDeadLettersCanBeReplayedOrDeleted() {
        List<String> operationIDs = List.of(BusinessServer.operationId("a"), BusinessServer.operationId("b"),
                BusinessServer.operationId("c"));
        operationIDs.forEach(operationID -> server.answer(operationID, 404, "{}"));
        operationIDs.forEach(AfterDeliveryTest::quit);
        awaitQuiet();
        given().get("/admin/dead-letters").then().body("$", hasSize(3));

        server.release();
        given().post("/admin/dead-letters/replay").then().statusCode(200).body("replayed", equalTo(3));
        awaitQuiet();
        assertThat(operationIDs).allSatisfy(operationID -> assertThat(server.requestsFor(operationID)).hasSize(2));

        String last = BusinessServer.operationId("d");
        server.answer(last, 404, "{}");
        quit(last);
        awaitQuiet();
        long discardedBefore = ledger().getLong("discarded");
        given().delete("/admin/dead-letters").then().statusCode(200).body("deleted", equalTo(1));
        assertThat(ledger().getLong("discarded")).isEqualTo(discardedBefore + 1);
        assertThat(ledger().getBoolean("balances")).isTrue();
        given().post("/admin/dead-letters/999999/replay").then().statusCode(404).body("error", equalTo("notFound"));
    }
}
