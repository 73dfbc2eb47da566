package io.imhook.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Shadow business servers for the shadow tests, each a real HTTP server on a free port: one that denies every
 * callback, one that never answers, and a port nothing listens on. The operationIDs each one received are kept.
 */
public class ShadowServers implements QuarkusTestResourceLifecycleManager {

    public static final String DENY = "{\"actionCode\":0,\"nextCode\":1,\"errCode\":5001,\"errMsg\":\"shadow says no\","
            + "\"errDlt\":\"\"}";
    /** The operationIDs the denying shadow received. */
    public static final Set<String> DENIED = ConcurrentHashMap.newKeySet();
    /** The operationIDs the silent shadow received. */
    public static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    private HttpServer denying;
    private HttpServer silent;
    private ExecutorService silentThreads;

    @Override
    public Map<String, String> start() {
        try {
            denying = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            denying.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                DENIED.add(String.valueOf(exchange.getRequestHeaders().getFirst("operationID")));
                byte[] body = DENY.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            denying.start();
            silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            silentThreads = Executors.newCachedThreadPool();
            silent.setExecutor(silentThreads);
            silent.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                HELD.add(String.valueOf(exchange.getRequestHeaders().getFirst("operationID")));
                // never answers: the exchange is held until the test's app gives up on it, or the server stops
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    exchange.close();
                }
            });
            silent.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String denyingUrl = "http://127.0.0.1:" + denying.getAddress().getPort() + "/shadow";
        String silentUrl = "http://127.0.0.1:" + silent.getAddress().getPort();
        return Map.of(
                "webhooks.beforeAddFriend.shadow", denyingUrl,
                "webhooks.beforeAddBlack.shadow", silentUrl + "/held",
                "webhooks.beforeAddFriendAgree.shadow", silentUrl + "/crowded",
                "webhooks.beforeImportFriends.shadow", "http://127.0.0.1:" + FreePort.pick() + "/down",
                "imhook.dispatch.shadow.max-in-flight", "2");
    }

    @Override
    public void stop() {
        denying.stop(0);
        silentThreads.shutdownNow();
        silent.stop(0);
    }
}
