package io.imhook.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP business server for tests. It is shared: one instance serves every {@code @QuarkusTest} class of the
 * same app, so requests left over from another test (a late retry of an after-callback, say) can reach it at any
 * time. That is why everything here is keyed by the {@code operationID} header a test chose for its own events: a
 * test scripts the answers to its own operationIDs and reads back the requests that carried them, never "the next
 * request". Requests whose operationID has no script are allowed.
 */
public final class BusinessServer {

    public static final String BASE_PATH = "/cb";
    public static final String ALLOW = "{\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0}";
    /** How long a test waits for a request it expects; wide enough for a loaded 2-core machine. */
    private static final Duration EXPECTED_WITHIN = Duration.ofSeconds(20);
    /** The longest a never-answered request is held when nobody releases it. */
    private static final long HOLD_AT_MOST_SECONDS = 60;

    private static BusinessServer instance;

    private final HttpServer server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> released = new CompletableFuture<>();

    /**
     * How to answer one request. {@code status} 0 means never answer (the request is held until
     * {@link #release()}); {@code delayMillis} simulates a slow server.
     */
    public record Answer(int status, String body, Map<String, String> headers, long delayMillis) {

        public Answer(int status, String body) {
            this(status, body, Map.of(), 0);
        }

        public static Answer allow() {
            return new Answer(200, ALLOW);
        }

        public static Answer status(int status) {
            return new Answer(status, ALLOW);
        }

        public static Answer never() {
            return new Answer(0, null);
        }

        public static Answer body(String body) {
            return new Answer(200, body);
        }

        /** The allow answer after {@code millis}. */
        public static Answer slowly(long millis) {
            return new Answer(200, ALLOW, Map.of(), millis);
        }

        public Answer withHeader(String name, String value) {
            return new Answer(status, body, Map.of(name, value), delayMillis);
        }
    }

    /** One request the server received, and when. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers,
            String body, long receivedAtNanos) {

        public String command() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String operationID() {
            String operationID = header("operationID");
            return operationID == null ? "" : operationID;
        }
    }

    /** The answers for one operationID, in turn; the last one repeats. */
    private static final class Script {
        private final Queue<Answer> inTurn;
        private volatile Answer last;

        Script(Answer... answers) {
            this.inTurn = new ConcurrentLinkedQueue<>(List.of(answers));
            this.last = answers[answers.length - 1];
        }

        Answer next() {
            Answer next = inTurn.poll();
            return next != null ? next : last;
        }
    }

    static {
        // the JDK's HttpServer leaves Nagle's algorithm on: each small answer then waits for the client's delayed
        // ACK, about 40 ms, which made every callback of the suite 40 ms slower. Read once, when its first server
        // is made; a business server in production would not run on it at all
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // and it closes a keep-alive connection idle for 30 s, which races with the dispatcher reusing it (a
        // "connect" failure of whichever test is unlucky): a test server keeps its connections
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
    }

    private BusinessServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "business-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The one server of the test JVM, started on first use on a free port. */
    public static synchronized BusinessServer instance() {
        if (instance == null) {
            try {
                instance = new BusinessServer();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /**
     * A server of its own on a free port, beside the one of the test JVM: another business server, e.g. a second
     * target of a fanned-out after-callback. The caller stops it.
     */
    public static BusinessServer another() {
        try {
            return new BusinessServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets go of what this server holds and stops it. */
    public void stop() {
        release();
        server.stop(0);
    }

    /** Stops the server of the test JVM; the next {@link #instance()} starts a new one. */
    public static synchronized void shutdown() {
        if (instance != null) {
            instance.release();
            instance.server.stop(0);
            instance = null;
        }
    }

    /** A fresh operationID for one test's events, readable in logs: {@code hint-<uuid>}. */
    public static String operationId(String hint) {
        return hint + "-" + UUID.randomUUID();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    }

    /** Answers the requests that carry {@code operationID} in this order; the last answer repeats. */
    public void script(String operationID, Answer... inTurn) {
        if (inTurn.length == 0) {
            throw new IllegalArgumentException("a script needs at least one answer");
        }
        scripts.put(operationID, new Script(inTurn));
    }

    public void answer(String operationID, int status, String body) {
        script(operationID, new Answer(status, body));
    }

    public void answer(String operationID, String body) {
        answer(operationID, 200, body);
    }

    /** Holds every request with {@code operationID} unanswered until {@link #release()}. */
    public void neverAnswer(String operationID) {
        script(operationID, Answer.never());
    }

    /**
     * Lets every held request go (its connection is closed unanswered) and drops every script, so that a retry of
     * an event a test left behind is allowed. Call it after each test that scripted answers.
     */
    public void release() {
        scripts.clear();
        CompletableFuture<Void> holding = released;
        released = new CompletableFuture<>();
        holding.complete(null);
    }

    /** The requests received so far that carried {@code operationID}, oldest first. */
    public List<Received> requestsFor(String operationID) {
        return List.copyOf(received.getOrDefault(operationID, List.of()));
    }

    /** The first request that carried {@code operationID}, waiting for it if need be. */
    public Received awaitRequest(String operationID) {
        return awaitRequests(operationID, 1).get(0);
    }

    /** The first {@code count} requests that carried {@code operationID}, waiting for them if need be. */
    public List<Received> awaitRequests(String operationID, int count) {
        List<Received> requests = Awaitility.await("%d request(s) with operationID %s".formatted(count, operationID))
                .atMost(EXPECTED_WITHIN).pollInterval(Duration.ofMillis(10))
                .until(() -> requestsFor(operationID), list -> list.size() >= count);
        return requests.subList(0, count);
    }

    private Answer answerTo(Received request) {
        Script script = scripts.get(request.operationID());
        return script == null ? Answer.allow() : script.next();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body,
                System.nanoTime());
        Answer answer = answerTo(request);
        CompletableFuture<Void> holding = released;
        received.computeIfAbsent(request.operationID(), id -> new CopyOnWriteArrayList<>()).add(request);
        if (answer.delayMillis() > 0) {
            holdAtMost(holding, answer.delayMillis());
        }
        if (answer.status() == 0) {
            holdAtMost(holding, TimeUnit.SECONDS.toMillis(HOLD_AT_MOST_SECONDS));
            exchange.close();
            return;
        }
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Waits {@code millis}, or less when the test releases held requests. */
    private static void holdAtMost(CompletableFuture<Void> holding, long millis) {
        try {
            holding.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the wait is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
