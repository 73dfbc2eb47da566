package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServer.Received;
import io.imhook.testing.FanOutTargets;
import io.imhook.testing.Settle;
import io.restassured.path.json.JsonPath;

/**
 * What every after-queue backend does, one test body for each ({@code MemoryAfterQueueTest},
 * {@code KafkaAfterQueueTest}): conversations delivered in order under load and across a retry, a retry that frees
 * its worker, a huge Retry-After saturating at max-delay, dead letters listed and replayed, one event id through
 * every attempt; and {@code afterJoinGroup} fanned out to three targets ({@link FanOutTargets}), each delivered on
 * its own.
 */
abstract class AfterQueueBehaviour {

    /**
     * The schedule both backends run with, and {@code AfterDeliveryTest} on the memory backend: 2 workers, three
     * retries 200 ms apart and doubling, each up to 20 % shorter; any delay, Retry-After included, at most 4 s (above
     * the 3 to 4 s of {@code AfterDeliveryTest}'s Retry-After date).
     */
    static Map<String, String> schedule() {
        return Map.of("imhook.dispatch.after-queue.workers", "2",
                "imhook.dispatch.after-queue.retry.initial-delay", "200ms",
                "imhook.dispatch.after-queue.retry.factor", "2",
                "imhook.dispatch.after-queue.retry.max-delay", "4s",
                "imhook.dispatch.after-queue.retry.max-retries", String.valueOf(MAX_RETRIES),
                "imhook.dispatch.after-queue.retry.jitter", "0.2",
                "webhooks.afterSetFriendRemark.ordering", "none");
    }

    static final long MAX_DELAY_MILLIS = 4000;
    static final int MAX_RETRIES = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void settle() {
        FanOutTargets.release();
        Settle.afterQueue(server);
    }

    static void quit(String operationID, String group) {
        given().header("operationID", operationID).body("{\"groupID\":\"" + group + "\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202);
    }

    /** The requests of one event that the business server received; waits until one was answered 2xx. */
    private List<Received> delivered(String operationID, int attempts) {
        return server.awaitRequests(operationID, attempts);
    }

    /**
     * Under {@code ordering: conversation} (afterDeleteFriend) the next event of a conversation waits until the one
     * before it has been delivered, retries included; under {@code none} (afterSetFriendRemark here) it does not
     * wait at all. The head is refused once with {@code Retry-After: 2}.
     */
    @Test
    void aConversationWaitsBehindItsRetriedHeadUnlessItsKeyIsUnordered() {
        String pair = "{\"ownerUserID\":\"" + BusinessServer.operationId("owner") + "\",\"friendUserID\":\"u2\"";
        for (String key : List.of("afterDeleteFriend", "afterSetFriendRemark")) {
            String head = BusinessServer.operationId(key + "-head");
            String next = BusinessServer.operationId(key + "-next");
            server.script(head, Answer.status(503).withHeader("Retry-After", "2"), Answer.allow());
            for (String operationID : List.of(head, next)) {
                given().header("operationID", operationID).body(pair + ",\"remark\":\"r\"}")
                        .post("/dispatch/" + key).then().statusCode(202);
            }

            List<Received> headAttempts = delivered(head, 2);
            Received nextDelivered = server.awaitRequest(next);
            if (key.equals("afterDeleteFriend")) {
                assertThat(nextDelivered.receivedAtNanos()).as("the next event waits for the head's retry")
                        .isGreaterThan(headAttempts.get(1).receivedAtNanos());
            } else {
                assertThat(nextDelivered.receivedAtNanos()).as("the next event does not wait for the head")
                        .isLessThan(headAttempts.get(1).receivedAtNanos());
            }
        }
    }

    @Test
    void conversationsStayInOrderUnderLoadAndAcrossARetry() throws Exception {
        String run = BusinessServer.operationId("order");
        int groups = 4;
        int perGroup = 12;
        // the fourth event of the first group fails once: the rest of its group waits for its retry
        String retried = run + "-0-3";
        server.script(retried, Answer.status(503), Answer.allow());

        ExecutorService senders = Executors.newFixedThreadPool(groups);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                int group = g;
                sent.add(senders.submit(() -> IntStream.range(0, perGroup)
                        .forEach(i -> quit(run + "-" + group + "-" + i, run + "-g" + group))));
            }
            for (Future<?> done : sent) {
                done.get();
            }
        } finally {
            senders.shutdownNow();
        }

        for (int g = 0; g < groups; g++) {
            List<Received> previous = null;
            for (int i = 0; i < perGroup; i++) {
                String operationID = run + "-" + g + "-" + i;
                List<Received> requests = delivered(operationID, operationID.equals(retried) ? 2 : 1);
                if (previous != null) {
                    // the event before was answered (its last attempt) before this one was sent at all
                    assertThat(requests.get(0).receivedAtNanos())
                            .as("%s after its predecessor", operationID)
                            .isGreaterThan(previous.get(previous.size() - 1).receivedAtNanos());
                }
                previous = requests;
            }
        }
    }

    @Test
    void aRetryFreesItsWorkerAndAHugeRetryAfterSaturatesAtMaxDelay() {
        String run = BusinessServer.operationId("starve");
        // as many waiting retries as there are workers: if a retry held its worker, nothing else would move
        List<String> slow = List.of(run + "-slow-0", run + "-slow-1");
        slow.forEach(operationID -> server.script(operationID,
                Answer.status(503).withHeader("Retry-After", "99999999999"), Answer.allow()));
        slow.forEach(operationID -> quit(operationID, operationID));
        slow.forEach(server::awaitRequest);

        List<String> others = IntStream.range(0, 10).mapToObj(i -> run + "-other-" + i).toList();
        others.forEach(operationID -> quit(operationID, operationID));
        List<Long> othersArrived = others.stream().map(server::awaitRequest).map(Received::receivedAtNanos)
                .toList();

        for (String operationID : slow) {
            List<Received> attempts = delivered(operationID, 2);
            long retryAt = attempts.get(1).receivedAtNanos();
            assertThat(othersArrived).allSatisfy(arrived -> assertThat(arrived).isLessThan(retryAt));
            long waitedMillis = (retryAt - attempts.get(0).receivedAtNanos()) / 1_000_000;
            // Retry-After of 3,000 years saturates at max-delay (4 s; Retry-After is not jittered)
            assertThat(waitedMillis).isBetween(MAX_DELAY_MILLIS, 15_000L);
        }
    }

    @Test
    void deadLettersAreListedAndReplayedWithTheSameEventId() {
        String operationID = BusinessServer.operationId("dead");
        server.answer(operationID, 500, BusinessServer.ALLOW);
        quit(operationID, operationID);

        JsonPath letter = await("the dead letter of " + operationID).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> given().queryParam("limit", 10_000).get("/admin/dead-letters")
                        .then().statusCode(200).extract().jsonPath(),
                        letters -> letters.getList("operationID").contains(operationID));
        String at = "find { it.operationID == '" + operationID + "' }";
        assertThat(letter.getInt(at + ".attempts")).isEqualTo(MAX_RETRIES + 1);
        assertThat(letter.getString(at + ".key")).isEqualTo("afterQuitGroup");
        assertThat(letter.getString(at + ".lastError")).isEqualTo("business server answered HTTP 500");
        assertThat(letter.getString(at + ".body.groupID")).isEqualTo(operationID);
        assertThat(server.requestsFor(operationID)).hasSize(MAX_RETRIES + 1);

        server.release();
        given().post("/admin/dead-letters/" + letter.getLong(at + ".id") + "/replay")
                .then().statusCode(200);
        List<Received> attempts = delivered(operationID, MAX_RETRIES + 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !given().queryParam("limit", 10_000)
                .get("/admin/dead-letters").then().extract().jsonPath().getList("operationID")
                .contains(operationID));
        // every attempt and the replay carry the id the event got when it was accepted
        String id = attempts.get(0).header("webhook-id");
        assertThat(id).isNotBlank();
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.header("webhook-id")).isEqualTo(id));
    }

    @Test
    void theStoredEventKeepsTheFieldsImhookDoesNotKnowThroughARetry() throws Exception {
        String operationID = BusinessServer.operationId("unknown-fields");
        server.script(operationID, Answer.status(503), Answer.allow());
        given().header("operationID", operationID).body("""
                {"groupID":"%s","futureField":{"k":[1]},
                 "initMemberList":[{"userID":"u2","roleLevel":20,"futureMemberField":"m"}]}""".formatted(operationID))
                .post("/dispatch/afterCreateGroup")
                .then().statusCode(202);

        List<Received> attempts = delivered(operationID, 2);
        for (Received attempt : attempts) {
            JsonNode body = JSON.readTree(attempt.body());
            assertThat(body.get("futureField")).isEqualTo(JSON.readTree("{\"k\":[1]}"));
            assertThat(body.get("initMemberList").get(0).get("futureMemberField").asText()).isEqualTo("m");
            assertThat(body.get("groupID").asText()).isEqualTo(operationID);
        }
    }

    private static void join(String operationID, String group) {
        given().header("operationID", operationID).body("{\"groupID\":\"" + group + "\",\"userID\":\"u1\"}")
                .post("/dispatch/" + FanOutTargets.KEY)
                .then().statusCode(202);
    }

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }

    /** A count of the ledger; 0 for a target that has had no delivery yet, so has no line. */
    private static long count(JsonPath ledger, String path) {
        Long count = ledger.get(path) == null ? null : ledger.getLong(path);
        return count == null ? 0 : count;
    }

    private static void assertInOrder(List<Received> requests, String target) {
        for (int i = 1; i < requests.size(); i++) {
            assertThat(requests.get(i).receivedAtNanos()).as("%s: event %d after event %d", target, i, i - 1)
                    .isGreaterThan(requests.get(i - 1).receivedAtNanos());
        }
    }

    /**
     * Events fanned out to a target that answers at once ({@code business}), one that answers the first event 500
     * and then 200 ({@code archive}), and one that holds every request ({@code stalled}). The stalled target holds
     * as many conversations as it has workers (2), and more wait for it: the other two still get every event, in
     * order, each target with a {@code webhook-id} of its own that stays through its retries. Released, the stalled
     * one gets them all in order too, and every target's ledger line balances.
     */
    @Test
    void everyTargetGetsEveryEventOnItsOwnAndAStalledOneHoldsUpNoOther() {
        BusinessServer archive = FanOutTargets.archive();
        BusinessServer stalled = FanOutTargets.stalled();
        List<String> blockers = IntStream.range(0, 3).mapToObj(i -> BusinessServer.operationId("fan-block-" + i))
                .toList();
        String group = BusinessServer.operationId("fan-group");
        List<String> events = IntStream.range(0, 4).mapToObj(i -> BusinessServer.operationId("fan-" + i)).toList();
        archive.script(events.get(0), Answer.status(500), Answer.allow());
        blockers.forEach(stalled::neverAnswer);
        events.forEach(stalled::neverAnswer);
        long acceptedBefore = ledger().getLong("accepted");
        long stalledBefore = count(ledger(), "targets.stalled.accepted");

        // three conversations of their own take the stalled target's two workers, and one waits
        blockers.forEach(operationID -> join(operationID, operationID));
        await("the stalled target holds two requests").atMost(Duration.ofSeconds(30))
                .until(() -> blockers.stream().filter(id -> !stalled.requestsFor(id).isEmpty()).count() == 2);
        events.forEach(operationID -> join(operationID, group));

        List<Received> atBusiness = events.stream().map(server::awaitRequest).toList();
        assertInOrder(atBusiness, "business");
        List<Received> archiveFirst = archive.awaitRequests(events.get(0), 2);
        List<Received> atArchive = new ArrayList<>(List.of(archiveFirst.get(1)));
        events.stream().skip(1).map(archive::awaitRequest).forEach(atArchive::add);
        assertInOrder(atArchive, "archive");
        blockers.forEach(server::awaitRequest);
        blockers.forEach(archive::awaitRequest);
        assertThat(events.stream().map(stalled::requestsFor))
                .as("the stalled target's workers are all held: none of the later events reached it")
                .allSatisfy(requests -> assertThat(requests).isEmpty());
        JsonPath during = ledger();
        assertThat(during.getLong("accepted") - acceptedBefore).as("an event is accepted once").isEqualTo(7);
        assertThat(during.getLong("targets.stalled.accepted") - stalledBefore).isEqualTo(7);
        assertThat(during.getLong("targets.stalled.pending")).isGreaterThanOrEqualTo(7);
        assertThat(during.getBoolean("balances")).isTrue();

        stalled.release();
        List<Received> atStalled = new ArrayList<>();
        events.forEach(operationID -> {
            List<Received> requests = stalled.awaitRequests(operationID, 1);
            atStalled.add(requests.get(requests.size() - 1));
        });
        assertInOrder(atStalled, "stalled");
        String businessId = atBusiness.get(0).header("webhook-id");
        String eventId = businessId.substring(0, businessId.length() - ".business".length());
        assertThat(businessId).as("the business target's webhook-id").isEqualTo(eventId + ".business");
        assertThat(archiveFirst).extracting(attempt -> attempt.header("webhook-id"))
                .as("one webhook-id of its own through the archive's retries").containsOnly(eventId + ".archive");
        assertThat(atStalled.get(0).header("webhook-id")).isEqualTo(eventId + ".stalled");
        await("every target's deliveries balance").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath after = ledger();
            assertThat(after.getBoolean("balances")).isTrue();
            for (String target : List.of("business", "archive", "stalled")) {
                assertThat(after.getBoolean("targets." + target + ".balances")).as(target).isTrue();
            }
            assertThat(after.getLong("targets.stalled.pending")).isZero();
        });
        assertThat(events.stream().map(server::requestsFor)).as("the business target got each event once")
                .allSatisfy(requests -> assertThat(requests).hasSize(1));
    }

    /**
     * A target that refuses an event for good (400) makes a dead letter that names it; its replay goes to that
     * target only, with the same {@code webhook-id}, and the other targets do not see the event again.
     */
    @Test
    void aDeadLetterNamesItsTargetAndItsReplayGoesThereOnly() {
        BusinessServer archive = FanOutTargets.archive();
        String operationID = BusinessServer.operationId("fan-dead");
        archive.script(operationID, Answer.status(400), Answer.allow());
        join(operationID, operationID);

        JsonPath letters = await("the archive's dead letter of " + operationID).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> given().queryParam("limit", 10_000).get("/admin/dead-letters")
                        .then().statusCode(200).extract().jsonPath(),
                        found -> found.getList("operationID").contains(operationID));
        String at = "findAll { it.operationID == '" + operationID + "' }";
        assertThat(letters.getList(at + ".target")).as("one dead letter, for the archive").containsExactly("archive");
        assertThat(letters.getList(at + ".key")).containsExactly(FanOutTargets.KEY);
        server.awaitRequest(operationID);
        FanOutTargets.stalled().awaitRequest(operationID);

        given().post("/admin/dead-letters/" + letters.getLong("find { it.operationID == '" + operationID + "' }.id")
                + "/replay").then().statusCode(200);
        List<Received> atArchive = archive.awaitRequests(operationID, 2);
        assertThat(atArchive.get(1).header("webhook-id")).isEqualTo(atArchive.get(0).header("webhook-id"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger().getLong("targets.archive.pending") == 0);
        assertThat(server.requestsFor(operationID)).as("the business target is not sent it again").hasSize(1);
        assertThat(FanOutTargets.stalled().requestsFor(operationID)).hasSize(1);
    }
}
