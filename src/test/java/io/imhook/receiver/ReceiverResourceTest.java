package io.imhook.receiver;

import static io.imhook.receiver.ReceiverCalls.BASE;
import static io.imhook.receiver.ReceiverCalls.eventsOf;
import static io.imhook.receiver.ReceiverCalls.post;
import static io.imhook.receiver.ReceiverCalls.textMessage;
import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The receiver endpoint over real HTTP with the shipped rules: every command, events, stats, bad input. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class ReceiverResourceTest {

    static Stream<CallbackType> everyCallback() {
        return CallbackCatalogue.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCallback")
    void everyCommandIsAllowedInTheExactReplyFormat(CallbackType type) {
        String operationID = BusinessServer.operationId("receiver");

        String reply = post(BASE, type.command(), operationID, Map.of("callbackCommand", type.command()))
                .statusCode(200).contentType(ContentType.JSON)
                .extract().asString();

        assertEquals(BusinessServer.ALLOW, reply);
        eventsOf(BASE, operationID)
                .body("$", hasSize(1))
                .body("[0].command", equalTo(type.command()))
                .body("[0].operationID", equalTo(operationID))
                .body("[0].body.callbackCommand", equalTo(type.command()))
                .body("[0].verdict", equalTo("allow"))
                .body("[0].answer.nextCode", equalTo(0));
    }

    @Test
    void eventsAreNewestFirstFilteredAndLimited() {
        String command = "callbackAfterUserOnlineCommand";
        // one operationID for the whole run: the filters, not the other tests, decide what comes back
        String run = BusinessServer.operationId("events");
        for (String step : List.of("first", "second", "third")) {
            post(BASE, command, run, Map.of("userID", step, "platformID", 1)).statusCode(200);
        }
        post(BASE, "callbackAfterUserOfflineCommand", run, Map.of("userID", "other")).statusCode(200);

        List<Map<String, Object>> events = given().queryParam("command", command).queryParam("operationID", run)
                .queryParam("limit", 2)
                .get(BASE + "/events")
                .then().statusCode(200).body("$", hasSize(2))
                .extract().jsonPath().getList("$");

        assertEquals("third", ((Map<?, ?>) events.get(0).get("body")).get("userID"));
        assertEquals("second", ((Map<?, ?>) events.get(1).get("body")).get("userID"));
        Instant newer = Instant.parse((String) events.get(0).get("receivedAt"));
        Instant older = Instant.parse((String) events.get(1).get("receivedAt"));
        assertFalse(newer.isBefore(older), "newest first");
        eventsOf(BASE, run).body("$", hasSize(4));
    }

    @Test
    void missingOperationIdIsRecordedAsEmpty() {
        // without an operationID, this test's event is told apart by a group nobody else uses
        String group = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body("{\"groupID\":\"" + group + "\"}")
                .post(BASE + "/callbackAfterQuitGroupCommand")
                .then().statusCode(200);

        given().queryParam("command", "callbackAfterQuitGroupCommand").get(BASE + "/events")
                .then().statusCode(200)
                .body("find { it.body.groupID == '" + group + "' }.operationID", equalTo(""));
    }

    @Test
    void countsPerCommandAndVerdict() {
        String command = "callbackBeforeAddFriendCommand";
        Map<String, Integer> before = verdictCounts(command);

        post(BASE, command, "op-stats-1", Map.of("fromUserID", "spammer", "toUserID", "bob")).statusCode(200);
        post(BASE, command, "op-stats-2", Map.of("fromUserID", "alice", "toUserID", "bob")).statusCode(200);
        post(BASE, command, "op-stats-3", Map.of("fromUserID", "spammer", "toUserID", "carol")).statusCode(200);

        Map<String, Integer> after = verdictCounts(command);
        assertEquals(before.getOrDefault("deny", 0) + 2, after.get("deny"));
        assertEquals(before.getOrDefault("allow", 0) + 1, after.get("allow"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("imhook_receiver_callbacks_total{command=\"" + command + "\",verdict=\"deny\"}"));
    }

    @ParameterizedTest(name = "[{index}] <{0}>")
    @ValueSource(strings = { "{\"contentType\":", "", "[]", "{} {}" })
    void aBodyThatIsNotOneJsonObjectIsA400(String body) {
        post(BASE, "callbackBeforeSendSingleMsgCommand", "op-bad-body", body)
                .statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("badRequest"))
                .body("message", not(emptyString()));
        assertStillServing();
    }

    @Test
    void wrongTypeIsA400NamingTheField() {
        post(BASE, "callbackBeforeSendSingleMsgCommand", "op-bad-3", "{\"contentType\":\"101\"}")
                .statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("badRequest"))
                .body("field", equalTo("contentType"));
        post(BASE, "callbackBeforeUserRegisterCommand", "op-bad-4", "{\"users\":[{\"createTime\":\"soon\"}]}")
                .statusCode(400).body("field", equalTo("users[0].createTime"));
        assertStillServing();
    }

    @Test
    void unknownCommandIsA404ListingTheCommands() {
        post(BASE, "callbackBeforeTeleportCommand", "op-bad-5", "{}")
                .statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("unknownCommand"))
                .body("message", containsString("callbackBeforeTeleportCommand"))
                .body("valid", hasSize(CallbackCatalogue.all().size()))
                .body("valid", hasItem("callbackAfterGroupMsgRevokeCommand"))
                .body("valid", hasItem("callbackBeforeAfterMsgCommand"));
        assertStillServing();
    }

    @Test
    void anotherBasePathIsA404() {
        post("/elsewhere", "callbackBeforeSendSingleMsgCommand", "op-bad-6", "{}")
                .statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("notFound"))
                .body("message", containsString("/callbackExample"));
        given().get("/elsewhere/events").then().statusCode(404).body("error", equalTo("notFound"));
        assertStillServing();
    }

    @Test
    void badEventQueriesAreAnswered() {
        given().queryParam("limit", 0).get(BASE + "/events")
                .then().statusCode(400).body("error", equalTo("badRequest"));
        given().queryParam("limit", "many").get(BASE + "/events")
                .then().statusCode(400).body("message", containsString("many"));
        given().queryParam("command", "beforeSendSingleMsg").get(BASE + "/events")
                .then().statusCode(404).body("error", equalTo("unknownCommand"));
        assertStillServing();
    }

    @Test
    void theOtherEndpointsStillAnswer() {
        given().get("/dispatch").then().statusCode(200).body("$", hasSize(CallbackCatalogue.all().size()));
        given().contentType(ContentType.JSON).body("{}").post("/dispatch/beforeTeleport")
                .then().statusCode(404).body("error", equalTo("unknownCallback"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200);
    }

    private static void assertStillServing() {
        post(BASE, "callbackBeforeSendSingleMsgCommand", "op-after-bad",
                textMessage("still there?"))
                .statusCode(200).body(equalTo(BusinessServer.ALLOW));
    }

    private static Map<String, Integer> verdictCounts(String command) {
        Map<String, Integer> counts = given().get(BASE + "/stats")
                .then().statusCode(200)
                .extract().jsonPath().getMap(command);
        return counts == null ? Map.of() : counts;
    }
}
