package io.imhook.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP business server for tests: answers each callbackCommand as told (status, body, or never), and
 * records every request it receives. By default it allows everything.
 */
public final class BusinessServer {

    public static final String BASE_PATH = "/cb";
    public static final String ALLOW = "{\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0}";

    private static BusinessServer instance;

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> sequences = new ConcurrentHashMap<>();
    private final Map<String, Integer> failEvery = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch neverAnswer = new CountDownLatch(1);

    /**
     * How to answer one command. {@code status} 0 means never answer; {@code delayMillis} simulates a slow server.
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

    /** The one server of the test JVM, started on first use. */
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

    /** Stops the server of the test JVM; the next {@link #instance()} starts a new one. */
    public static synchronized void shutdown() {
        if (instance != null) {
            instance.neverAnswer.countDown();
            instance.server.stop(0);
            instance = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    }

    /** Forgets all answers and received requests. */
    public void reset() {
        answers.clear();
        sequences.clear();
        failEvery.clear();
        calls.clear();
        received.clear();
    }

    /** Answers the next requests for a command in this order, then as {@link #answer} says (allow by default). */
    public void answerInTurn(String command, Answer... inTurn) {
        sequences.put(command, new ConcurrentLinkedQueue<>(List.of(inTurn)));
    }

    /** Answers every {@code n}-th request for a command (counting all of them) with HTTP 500. */
    public void failEvery(String command, int n) {
        failEvery.put(command, n);
    }

    /** Answers a command with the allow answer after {@code millis}. */
    public void answerSlowly(String command, long millis) {
        answers.put(command, new Answer(200, ALLOW, Map.of(), millis));
    }

    public void answer(String command, int status, String body) {
        answers.put(command, new Answer(status, body));
    }

    public void answer(String command, String body) {
        answer(command, 200, body);
    }

    public void neverAnswer(String command) {
        answers.put(command, new Answer(0, null));
    }

    /** The next request received, waiting up to 5 s. */
    public Received next() {
        try {
            Received request = received.poll(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the business server received nothing within 5 s");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public BlockingQueue<Received> received() {
        return received;
    }

    private Answer answerTo(String command) {
        long call = calls.computeIfAbsent(command, c -> new AtomicLong()).incrementAndGet();
        Integer every = failEvery.get(command);
        if (every != null && call % every == 0) {
            return Answer.status(500);
        }
        Queue<Answer> inTurn = sequences.get(command);
        Answer next = inTurn == null ? null : inTurn.poll();
        return next != null ? next : answers.getOrDefault(command, Answer.allow());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body,
                System.nanoTime());
        received.add(request);
        Answer answer = answerTo(request.command());
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.status() == 0) {
            try {
                neverAnswer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
}
