package io.imhook.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;
import io.restassured.response.Response;

/** What the gateway tests share: the request OpenIM sent, read back, and what OpenIM makes of an answer. */
final class GatewayTesting {

    static final ObjectMapper JSON = new ObjectMapper();

    private GatewayTesting() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** What OpenIM does with the gateway's answer to {@code request}; the HTTP status plays no part (spec 2.7). */
    static WhatOpenImDoes openImReads(String key, String request, Response answer) {
        return OpenImDecoder.decode(key, json(request), answer.asString());
    }
}
