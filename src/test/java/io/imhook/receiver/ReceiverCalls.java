package io.imhook.receiver;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.imhook.callback.PayloadCodec;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Calls the receiver the way OpenIM does, for the receiver tests. */
final class ReceiverCalls {

    /** The shipped base path. */
    static final String BASE = "/callbackExample";

    private ReceiverCalls() {
    }

    /** POSTs a callback as Go does: {@code Operationid} header, and a query string the receiver must ignore. */
    static ValidatableResponse post(String base, String command, String operationID, Object body) {
        return given()
                .contentType("application/json; charset=utf-8")
                .header("Operationid", operationID)
                .body(body instanceof String text ? text : new String(PayloadCodec.write(body)))
                .post(base + "/" + command + "?contenttype=json")
                .then();
    }

    /**
     * The recorded callbacks that carried {@code operationID}, newest first: a test reads back its own events, never
     * "the newest" of a log that other tests write to as well.
     */
    static ValidatableResponse eventsOf(String base, String operationID) {
        return given().queryParam("operationID", operationID)
                .get(base + "/events")
                .then().statusCode(200).contentType(ContentType.JSON);
    }

    /** A message callback body carrying {@code text} as a text message (contentType 101). */
    static Map<String, Object> textMessage(String text) {
        return message(101, PayloadCodec.mapper().createObjectNode().put("content", text).toString());
    }

    static Map<String, Object> message(int contentType, String content) {
        Map<String, Object> body = new HashMap<>();
        body.put("sendID", "alice");
        body.put("recvID", "bob");
        body.put("sessionType", 1);
        body.put("msgFrom", 100);
        body.put("contentType", contentType);
        body.put("content", content);
        body.put("atUserList", null);
        return body;
    }
}
