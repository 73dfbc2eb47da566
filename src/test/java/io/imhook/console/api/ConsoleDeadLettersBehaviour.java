package io.imhook.console.api;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.Settle;
import io.restassured.path.json.JsonPath;

/** The console's after-callbacks on either backend: dead letters listed, replayed and discarded. */
abstract class ConsoleDeadLettersBehaviour {

    final BusinessServer server = BusinessServer.instance();

    /** The backend the app runs: {@code memory} or {@code kafka}. */
    abstract String backend();

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void aDeadLetterIsListedReplayedAndTheLedgerMoves() {
        String operationID = BusinessServer.operationId("console-dead");
        server.answer(operationID, 400, BusinessServer.ALLOW);
        given().header("operationID", operationID).body("{\"groupID\":\"" + operationID + "\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup").then().statusCode(202);

        JsonPath after = await("the dead letter in the console").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> given().queryParam("operationID", operationID).get("/console/api/after-callbacks")
                        .then().statusCode(200).extract().jsonPath(),
                        answer -> answer.getList("deadLetters").size() == 1);
        assertThat(after.getString("backend")).isEqualTo(backend());
        assertThat(after.getString("deadLetters[0].key")).isEqualTo("afterQuitGroup");
        assertThat(after.getString("deadLetters[0].lastError")).isEqualTo("business server answered HTTP 400");
        assertThat(after.getInt("deadLetters[0].attempts")).isEqualTo(1);
        assertThat(after.getBoolean("ledger.balances")).isTrue();
        long delivered = after.getLong("ledger.delivered");

        server.release();
        given().post("/console/api/dead-letters/" + after.getLong("deadLetters[0].id") + "/replay")
                .then().statusCode(200).body("action", equalTo("replayed")).body("count", equalTo(1));
        assertThat(server.awaitRequests(operationID, 2)).hasSize(2);
        await("the replay delivered").atMost(Duration.ofSeconds(30)).until(() -> given()
                .get("/console/api/after-callbacks").then().extract().jsonPath().getLong("ledger.delivered")
                > delivered);
        assertThat(given().queryParam("operationID", operationID).get("/console/api/after-callbacks")
                .then().extract().jsonPath().getList("deadLetters")).isEmpty();
    }

    /** How many dead letters of {@code operationID} the console lists. */
    private static int shown(String operationID) {
        return given().queryParam("operationID", operationID).get("/console/api/after-callbacks").then()
                .statusCode(200).extract().jsonPath().getList("deadLetters").size();
    }

    @Test
    void replayAndDiscardForAFilterTouchOnlyTheDeadLettersItShows() {
        String kept = BusinessServer.operationId("console-kept");
        String dropped = BusinessServer.operationId("console-dropped");
        for (String operationID : List.of(kept, dropped)) {
            server.answer(operationID, 400, BusinessServer.ALLOW);
            given().header("operationID", operationID).body("{\"groupID\":\"" + operationID
                    + "\",\"userID\":\"u1\"}").post("/dispatch/afterQuitGroup").then().statusCode(202);
        }
        await("both dead letters").atMost(Duration.ofSeconds(30)).until(() -> shown(kept) + shown(dropped) == 2);

        given().queryParam("operationID", dropped).post("/console/api/dead-letters/discard")
                .then().statusCode(200).body("action", equalTo("discarded")).body("count", equalTo(1));

        assertThat(shown(dropped)).isZero();
        assertThat(shown(kept)).isOne();
        given().queryParam("operationID", kept).post("/console/api/dead-letters/discard")
                .then().statusCode(200).body("count", equalTo(1));
    }

}
