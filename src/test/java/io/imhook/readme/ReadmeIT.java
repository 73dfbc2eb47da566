package io.imhook.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.testing.FreePort;
import io.imhook.testing.KafkaBroker;
import io.imhook.testing.PackagedApp;

/**
 * The README's commands, run with {@code bash} against the packaged app, so that its examples cannot rot.
 * <p>
 * The convention (also in the README's "Tests" section): every fenced block tagged {@code bash}, {@code sh},
 * {@code shell} or {@code console} is run, unless the line directly above its fence is
 * {@code <!-- not run by the tests: REASON -->}. {@code localhost:10006} and {@code 127.0.0.1:10006} in a block
 * (and in its answer) become the started app's address. A {@code json} block directly after a command block is its
 * answer: one JSON document per command that prints one, in order; the real answers must have the same fields and
 * values, except the volatile ones ({@link #VOLATILE}), which are left out on both sides. A block without an answer
 * must exit with 0. The blocks run in the README's order against an app started with no settings but its free port
 * (in {@code QUARKUS_HTTP_PORT}, and in the shipped url, as {@code 10006} is replaced in the blocks), or, for a
 * block whose fence has {@code <!-- run with: K=V K2=V2 -->} directly above it, with those environment variables
 * too ({@code KAFKA_BOOTSTRAP_SERVERS=localhost:9092} becomes the test broker's address); blocks with the same
 * settings share one app. A failure names
 * the block's README line and shows the command, the expected and the actual answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeIT {

    /** Fields whose values differ on every run: times, durations, and the hash of a file. */
    static final Set<String> VOLATILE = Set.of("elapsedMs", "receivedAt", "loadedAt", "refusedAt", "sha256");

    private static final Path README = Path.of("README.md");
    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\w*)\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^\\s*<!-- not run by the tests: .+ -->\\s*$");
    private static final Pattern RUN_WITH = Pattern.compile("^\\s*<!-- run with: (.+) -->\\s*$");
    /** The Kafka address the README's Kafka-mode example is written with; the test broker's is used instead. */
    private static final String README_BROKER = "localhost:9092";
    private static final Set<String> SHELLS = Set.of("bash", "sh", "shell", "console");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One app per distinct {@code run with} settings, started when a block first needs it. */
    private static final Map<String, App> APPS = new LinkedHashMap<>();
    private static List<Block> blocks;
    /** The README line of the block that reads the receiver's stats: a new user's first minute ends with it. */
    private static int firstMinuteEnd;

    record App(PackagedApp process, int port) {
    }

    record Block(int line, String command, String answer, String settings) {
    }

    @BeforeAll
    static void start() throws Exception {
        blocks = blocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        firstMinuteEnd = blocks.stream().filter(block -> block.command().contains("/callbackExample/stats"))
                .mapToInt(Block::line).findFirst().orElseThrow(() -> new AssertionError(
                        "README.md: no block reads /callbackExample/stats (the end of \"Try the whole loop\")"));
        app("");
    }

    @AfterAll
    static void stop() throws Exception {
        for (App app : APPS.values()) {
            app.process().close();
        }
    }

    /** The app of a block's settings ({@code K=V K2=V2}), plus its free port and its url on that port. */
    private static App app(String settings) throws Exception {
        App started = APPS.get(settings);
        if (started != null) {
            return started;
        }
        int port = FreePort.pick();
        Map<String, String> environment = new LinkedHashMap<>();
        for (String setting : settings.split("\\s+")) {
            if (!setting.isEmpty()) {
                int equals = setting.indexOf('=');
                environment.put(setting.substring(0, equals), setting.substring(equals + 1));
            }
        }
        // a block's Kafka broker, as a user writes it, is the test broker (started on first use)
        environment.computeIfPresent("KAFKA_BOOTSTRAP_SERVERS", (name, value) -> value.equals(README_BROKER)
                ? KafkaBroker.instance().bootstrapServers() : value);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("WEBHOOKS_URL", "http://127.0.0.1:" + port + "/callbackExample");
        PackagedApp process = PackagedApp.start(environment);
        App app = new App(process, port);
        APPS.put(settings, app);
        process.awaitReady(port);
        return app;
    }

    /** The packaged jar with no settings answers the three demo calls, and counts them, as the README shows. */
    @Test
    @Order(1)
    void aNewUsersFirstMinute() throws Exception {
        List<Block> firstMinute = blocks.stream()
                .filter(block -> block.line() <= firstMinuteEnd && block.settings().isEmpty()).toList();
        String commands = String.join("\n", firstMinute.stream().map(Block::command).toList());
        for (String demo : List.of("demo-allow", "demo-deny", "demo-modify")) {
            assertTrue(commands.contains("operationID: " + demo), "README.md: no demo call " + demo);
        }
        for (Block block : firstMinute) {
            run(block);
        }
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> everyOtherBlock() {
        return blocks.stream().filter(block -> block.line() > firstMinuteEnd || !block.settings().isEmpty())
                .map(block -> DynamicTest.dynamicTest("README.md:" + block.line(), () -> run(block)));
    }

    static List<Block> blocks(List<String> lines) {
        List<Block> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches() || fence.group(1).isEmpty()) {
                continue;
            }
            int end = closingFence(lines, i);
            boolean notRun = i > 0 && NOT_RUN.matcher(lines.get(i - 1)).matches();
            Matcher runWith = RUN_WITH.matcher(i > 0 ? lines.get(i - 1) : "");
            String settings = runWith.matches() ? runWith.group(1).strip() : "";
            if (SHELLS.contains(fence.group(1)) && !notRun) {
                String command = String.join("\n", lines.subList(i + 1, end));
                String answer = null;
                int next = end + 1;
                while (next < lines.size() && lines.get(next).isBlank()) {
                    next++;
                }
                if (next < lines.size() && lines.get(next).strip().equals("```json")) {
                    int answerEnd = closingFence(lines, next);
                    answer = String.join("\n", lines.subList(next + 1, answerEnd));
                }
                found.add(new Block(i + 1, command, answer, settings));
            }
            i = end;
        }
        return found;
    }

    private static int closingFence(List<String> lines, int opening) {
        for (int i = opening + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return i;
            }
        }
        throw new AssertionError("README.md:" + (opening + 1) + ": the block is never closed");
    }

    private void run(Block block) throws Exception {
        int port = app(block.settings()).port();
        String command = withAddress(block.command(), port);
        Path script = Files.createTempFile("readme-", ".sh");
        Path output = Files.createTempFile("readme-", ".out");
        try {
            Files.writeString(script, command);
            Process bash = new ProcessBuilder("bash", "-e", "-o", "pipefail", script.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!bash.waitFor(60, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                fail(where(block, command) + "still running after 60 s; output so far:\n" + Files.readString(output));
            }
            String actual = Files.readString(output);
            assertEquals(0, bash.exitValue(), () -> where(block, command) + "exit code " + bash.exitValue()
                    + ", output:\n" + actual);
            if (block.answer() != null) {
                String expected = withAddress(block.answer(), port);
                List<JsonNode> expectedAnswers = documents(expected, block, "the README's answer");
                List<JsonNode> actualAnswers;
                try {
                    actualAnswers = documents(actual, block, "the real answer");
                } catch (AssertionError notJson) {
                    throw new AssertionError(where(block, command) + "expected:\n" + expected + "\nactual (not JSON):\n"
                            + actual, notJson);
                }
                assertEquals(expectedAnswers, actualAnswers, () -> where(block, command) + "expected (volatile "
                        + VOLATILE + " left out):\n" + expected + "\nactual:\n" + actual);
            }
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
        }
    }

    private static String where(Block block, String command) {
        return "README.md:" + block.line() + ":\n" + command + "\n";
    }

    private static String withAddress(String text, int port) {
        return text.replace("localhost:10006", "localhost:" + port).replace("127.0.0.1:10006", "127.0.0.1:" + port);
    }

    private static List<JsonNode> documents(String text, Block block, String what) {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (values.hasNext()) {
                documents.add(withoutVolatile(values.next()));
            }
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("README.md:" + block.line() + ": " + what + " is not JSON: " + e.getMessage(), e);
        }
        return documents;
    }

    private static JsonNode withoutVolatile(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> kept = new LinkedHashMap<>();
            object.fields().forEachRemaining(field -> {
                if (!VOLATILE.contains(field.getKey())) {
                    kept.put(field.getKey(), withoutVolatile(field.getValue()));
                }
            });
            ObjectNode copy = JSON.createObjectNode();
            copy.setAll(kept);
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(withoutVolatile(element)));
            return copy;
        }
        return node;
    }
}
