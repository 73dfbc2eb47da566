package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A burst of 3,000 after-callbacks against a business server that fails the first attempt of one event in three:
 * nothing is lost.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class LedgerBurstTest {

    private static final int EVENTS = 3_000;
    /** Events of one group are delivered one after the other, in order; 100 groups let the workers run at once. */
    private static final int GROUPS = 100;
    private static final int SENDERS = 8;

    @Test
    void ledgerBalancesAtEveryReadDuringAndAfterABurst() throws Exception {
        BusinessServer server = BusinessServer.instance();
        String run = BusinessServer.operationId("burst");
        List<String> operationIDs = IntStream.range(0, EVENTS).mapToObj(i -> run + "-" + i).toList();
        for (int i = 0; i < EVENTS; i += 3) {
            server.script(operationIDs.get(i), Answer.status(500), Answer.allow());
        }
        JsonPath before = ledger();

        // the burst from a client that keeps its connections, eight requests at a time, while another reader checks
        // the ledger all along
        AtomicBoolean bursting = new AtomicBoolean(true);
        CompletableFuture<List<String>> unbalancedReads = CompletableFuture.supplyAsync(() -> {
            List<String> unbalanced = new ArrayList<>();
            while (bursting.get()) {
                JsonPath read = ledger();
                if (!read.getBoolean("balances")) {
                    unbalanced.add(read.prettify());
                }
            }
            return unbalanced;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(SENDERS);
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                    + "/dispatch/afterQuitGroup"))
                    .header("Content-Type", "application/json")
                    .header("operationID", operationIDs.get(i))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"groupID\":\"g" + i % GROUPS + "\",\"userID\":\"u" + i + "\"}"))
                    .build();
            statuses.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode)
                    .whenComplete((status, failure) -> inFlight.release()));
        }
        assertThat(statuses.stream().map(CompletableFuture::join)).allSatisfy(status -> assertThat(status).isEqualTo(202));

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> ledger().getLong("pending") == 0);
        bursting.set(false);
        assertThat(unbalancedReads.get(1, TimeUnit.MINUTES)).as("ledger reads that did not balance").isEmpty();
        server.release();
        JsonPath after = ledger();
        long accepted = after.getLong("accepted") - before.getLong("accepted");
        long delivered = after.getLong("delivered") - before.getLong("delivered");
        long deadLettered = after.getLong("deadLettered") - before.getLong("deadLettered");
        long discarded = after.getLong("discarded") - before.getLong("discarded");
        assertThat(accepted).isEqualTo(EVENTS);
        assertThat(delivered + deadLettered + discarded).isEqualTo(accepted);
        assertThat(after.getBoolean("balances")).isTrue();
        long failed = after.getLong("failed") - before.getLong("failed");
        int scripted = (EVENTS + 2) / 3;
        assertThat(failed).isGreaterThanOrEqualTo(scripted);

        // the business server's own account: every event reached it, each scripted one at least twice, and no
        // more calls than attempts were made (a failed attempt may not reach it at all: a connection the server
        // closed under load)
        List<Integer> calls = operationIDs.stream().map(id -> server.requestsFor(id).size()).toList();
        assertThat(calls).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(IntStream.range(0, EVENTS).filter(i -> i % 3 == 0).map(calls::get))
                .allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(2));
        assertThat(calls.stream().mapToLong(Integer::longValue).sum()).isBetween((long) EVENTS + scripted,
                EVENTS + failed);
    }

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }
}
