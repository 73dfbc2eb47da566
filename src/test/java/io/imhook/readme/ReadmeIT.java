package io.imhook.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import io.imhook.readme.ReadmeExamples.Block;
import io.imhook.testing.FreePort;
import io.imhook.testing.KafkaBroker;
import io.imhook.testing.PackagedApp;

import io.restassured.RestAssured;

/**
 * The README's commands, run with {@code bash} against the packaged app, so that its examples cannot rot.
 * <p>
 * The convention (also in the README's "Tests" section): every fenced block tagged {@code bash}, {@code sh},
 * {@code shell} or {@code console} is run, unless the line directly above its fence is
 * {@code <!-- not run by the tests: REASON -->}. {@code localhost:10006} and {@code 127.0.0.1:10006} in a block
 * (and in its answer and settings) become the started app's address. A {@code json} block directly after a command
 * block is its answer: one JSON document per command that prints one, in order; the real answers must have the same
 * fields and values, except the volatile ones ({@link ReadmeExamples#VOLATILE}), which are left out on both sides. A
 * block without an answer must exit with 0; one that calls curl must have an answer. A block with
 * {@code <!-- file: NAME -->} directly above its fence is written as NAME into a fresh directory, which the blocks
 * and the apps run in. The blocks run in the README's order
 * against an app started with no settings but its free port (in {@code QUARKUS_HTTP_PORT}, and in the shipped url,
 * as {@code 10006} is replaced in the blocks), or, for a block whose fence has {@code <!-- run with: K=V K2=V2 -->}
 * directly above it, with those environment variables too ({@code KAFKA_BOOTSTRAP_SERVERS=localhost:9092} becomes
 * the test broker's address); blocks with the same settings share one app, and the apps start at once. A failure
 * names the block's README line and shows the command, the expected and the actual answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeIT {

    private static final Path README = Path.of("README.md");
    /** The Kafka address the README's Kafka-mode example is written with; the test broker's is used instead. */
    private static final String README_BROKER = "localhost:9092";

    /** One app per distinct {@code run with} settings. */
    private static final Map<String, App> APPS = new LinkedHashMap<>();
    private static ReadmeExamples readme;
    /** The directory the README's files are written into and its blocks and apps run in. */
    private static Path directory;
    /**
     * The README line of the first block with no settings that reads the receiver's stats: a new user's first minute
     * ends with it.
     */
    private static int firstMinuteEnd;

    record App(PackagedApp process, int port) {
    }

    @BeforeAll
    static void start() throws Exception {
        readme = ReadmeExamples.parse(README.toString(), Files.readAllLines(README, StandardCharsets.UTF_8));
        firstMinuteEnd = readme.blocks().stream()
                .filter(block -> block.settings().isEmpty() && block.command().contains("/callbackExample/stats"))
                .mapToInt(Block::line).findFirst().orElseThrow(() -> new AssertionError(
                        "README.md: no block reads /callbackExample/stats (the end of \"Try the whole loop\")"));
        directory = Files.createTempDirectory("readme-");
        readme.writeFiles(directory);
        // every app starts before the first is waited for: their starts overlap instead of adding up
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        firstLine.put("", 0);
        readme.blocks().forEach(block -> firstLine.putIfAbsent(block.settings(), block.line()));
        for (String settings : firstLine.keySet()) {
            int port = FreePort.pick();
            Map<String, String> environment = ReadmeExamples.environment(settings, port);
            // a block's Kafka broker, as a user writes it, is the test broker
            environment.computeIfPresent("KAFKA_BOOTSTRAP_SERVERS", (name, value) -> value.equals(README_BROKER)
                    ? KafkaBroker.instance().bootstrapServers() : value);
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            environment.putIfAbsent("WEBHOOKS_URL", "http://127.0.0.1:" + port + "/callbackExample");
            APPS.put(settings, new App(PackagedApp.start(environment, directory), port));
        }
        for (Map.Entry<String, Integer> settings : firstLine.entrySet()) {
            awaitStarted(settings.getKey(), settings.getValue());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (App app : APPS.values()) {
            app.process().close();
        }
        if (directory != null) {
            try (Stream<Path> written = Files.walk(directory)) {
                for (Path path : written.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Waits until the app of {@code settings} answers, or fails at once, naming the block, if it stopped. */
    private static void awaitStarted(String settings, int line) throws Exception {
        App app = APPS.get(settings);
        Awaitility.await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> app.process().exitCode(0) != -1
                        || RestAssured.given().port(app.port()).get("/q/health/live").statusCode() == 200);
        int exitCode = app.process().exitCode(0);
        if (exitCode != -1) {
            String files = String.join(", ", readme.files().stream()
                    .map(file -> file.name() + " (line " + file.line() + ")").toList());
            throw new AssertionError((line == 0 ? "README.md: the app with no settings"
                    : readme.at(line) + " the app of <!-- run with: " + settings + " -->") + " stopped with "
                    + exitCode + " before it answered" + (files.isEmpty() ? "" : "; the README's files: " + files)
                    + "; its output:\n" + app.process().output());
        }
    }

    /** The packaged jar with no settings answers the three demo calls, and counts them, as the README shows. */
    @Test
    @Order(1)
    void aNewUsersFirstMinute() throws Exception {
        List<Block> firstMinute = readme.blocks().stream()
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
        return readme.blocks().stream().filter(block -> block.line() > firstMinuteEnd || !block.settings().isEmpty())
                .map(block -> DynamicTest.dynamicTest("README.md:" + block.line(), () -> run(block)));
    }

    private void run(Block block) throws Exception {
        readme.run(block, directory, APPS.get(block.settings()).port());
    }
}
