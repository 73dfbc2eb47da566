package io.imhook.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
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
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch neverAnswer = new CountDownLatch(1);

    /** How to answer one command. {@code status} 0 means never answer. */
    public record Answer(int status, String body) {
    }

    /** One request the server received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers,
            String body) {

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
        received.clear();
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

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
        received.add(request);
        Answer answer = answers.getOrDefault(request.command(), new Answer(200, ALLOW));
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
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
