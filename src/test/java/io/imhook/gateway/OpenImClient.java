package io.imhook.gateway;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * Posts a callback to the gateway exactly as OpenIM's Go client does (spec 2.1 to 2.3): {@code POST
 * {url}/{callbackCommand}}, the header written {@code Operationid} (possibly empty), {@code Content-Type:
 * application/json; charset=utf-8}, Go's {@code User-Agent} and {@code Accept-Encoding}, a compact body with
 * {@code <}, {@code >} and {@code &} escaped and a trailing newline, and for the three message after-callbacks
 * the {@code key} query, sent as given.
 */
final class OpenImClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;

    /** @param url OpenIM's {@code webhooks.yml} url, as a path of the app under test, e.g. {@code /openim} */
    OpenImClient(String url) {
        this.url = url;
    }

    Response post(String command, String operationID, String body) {
        return post(command, operationID, body, null);
    }

    /** @param rawKey the {@code key} query value, already percent-encoded as Go's {@code url.Values} does */
    Response post(String command, String operationID, String body, String rawKey) {
        return send(url + "/" + command + (rawKey == null ? "" : "?key=" + rawKey), operationID, body);
    }

    /** How an OpenIM version puts the command into the url of its {@code webhooks.yml} (spec 2.1). */
    enum UrlForm {
        /** v3.4.2 on: {@code {url}/{command}}. */
        PATH,
        /** v3.0.0 to v3.4.0: {@code {url}?command={command}}. */
        COMMAND_QUERY,
        /** v2: {@code {url}?callbackCommand={command}}. */
        CALLBACK_COMMAND_QUERY
    }

    Response post(UrlForm form, String command, String operationID, String body) {
        return switch (form) {
            case PATH -> post(command, operationID, body);
            case COMMAND_QUERY -> send(url + "?command=" + command, operationID, body);
            case CALLBACK_COMMAND_QUERY -> send(url + "?callbackCommand=" + command, operationID, body);
        };
    }

    /** Posts to a path and query exactly as written. */
    Response send(String target, String operationID, String body) {
        return given().urlEncodingEnabled(false)
                .header("Operationid", operationID)
                .header("User-Agent", "Go-http-client/1.1")
                .header("Accept-Encoding", "gzip")
                .contentType("application/json; charset=utf-8")
                .body(goEncode(body))
                .post(target);
    }

    /** Go's {@code json.Encoder}: compact, HTML-escaped, one newline at the end. */
    static String goEncode(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            return JSON.writeValueAsString(tree).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026") + "\n";
        } catch (JsonProcessingException e) {
            // malformed on purpose: sent as it is, as a broken OpenIM would
            return json;
        }
    }

    /** The {@code key} query value OpenIM sends: standard base64 of the ids, then {@code url.Values.Encode}. */
    static String routeKey(String sendID, String recvID, String groupID) {
        String ids = "{\"sendID\":\"" + sendID + "\",\"recvID\":\"" + recvID + "\",\"groupID\":\"" + groupID + "\"}";
        String base64 = java.util.Base64.getEncoder()
                .encodeToString(ids.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.net.URLEncoder.encode(base64, java.nio.charset.StandardCharsets.UTF_8);
    }
}
