package io.imhook.dispatch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.imhook.config.UrlPaths;

/** Builds the URL a callback is POSTed to (spec 2.1, DECISIONS "Wire format"). */
public final class CallbackTarget {

    private CallbackTarget() {
    }

    /**
     * {@code {url}/{command}?contenttype=json}, plus {@code &key=} for the three message after-callbacks. Any
     * query already in {@code url} is kept after the path, where it belongs.
     */
    static String url(String baseUrl, CallbackType type, ObjectNode payload) {
        return url(baseUrl, type, routeKeyQuery(type, payload, null));
    }

    /**
     * As {@link #url(String, CallbackType, ObjectNode)}, but with the {@code key=} value OpenIM sent, when there
     * is one: a business server may compare it with what OpenIM itself would send, so it goes on unchanged.
     */
    static String url(String baseUrl, CallbackType type, ObjectNode payload, String rawRouteKey) {
        return url(baseUrl, type, routeKeyQuery(type, payload, rawRouteKey));
    }

    /**
     * The {@code key=} value of a message after-callback, null for the others: the one OpenIM sent
     * ({@code rawRouteKey}, passed on byte for byte) or else computed from the body and URL-encoded. What a queued
     * event keeps, so that each attempt can build its url from the {@code webhooks.yml} in force.
     */
    static String routeKeyQuery(CallbackType type, ObjectNode payload, String rawRouteKey) {
        if (!type.sendsRouteKey()) {
            return null;
        }
        return rawRouteKey != null ? rawRouteKey : URLEncoder.encode(routeKey(payload), StandardCharsets.UTF_8);
    }

    /** As {@link #url(String, CallbackType, ObjectNode)}, with the {@link #routeKeyQuery} already made. */
    public static String url(String baseUrl, CallbackType type, String routeKeyQuery) {
        int queryStart = baseUrl.indexOf('?');
        String path = queryStart < 0 ? baseUrl : baseUrl.substring(0, queryStart);
        String query = queryStart < 0 ? "" : baseUrl.substring(queryStart + 1) + "&";
        StringBuilder url = new StringBuilder(UrlPaths.withoutTrailingSlashes(path))
                .append('/').append(type.command())
                .append('?').append(query).append("contenttype=json");
        if (routeKeyQuery != null) {
            url.append("&key=").append(routeKeyQuery);
        }
        return url.toString();
    }

    /** Standard base64 of the compact {@code {"sendID","recvID","groupID"}} JSON, empty strings kept. */
    static String routeKey(ObjectNode payload) {
        ObjectNode key = PayloadCodec.mapper().createObjectNode();
        for (String field : new String[] { "sendID", "recvID", "groupID" }) {
            JsonNode value = payload.get(field);
            key.put(field, value == null || value.isNull() ? "" : value.asText());
        }
        return Base64.getEncoder().encodeToString(PayloadCodec.write(key));
    }
}
