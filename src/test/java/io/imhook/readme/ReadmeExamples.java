package io.imhook.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The runnable examples of a README, as {@link ReadmeIT} reads and runs them, apart from any app, so that a plain test
 * can feed it a README of its own: the command blocks with their answers and settings, the files, and how one block
 * is run with {@code bash} and its answer compared. Every failure names the block's line.
 */
final class ReadmeExamples {

    /** Fields whose values differ on every run: times, durations, and the hash of a file. */
    static final Set<String> VOLATILE = Set.of("elapsedMs", "receivedAt", "loadedAt", "refusedAt", "sha256");
    /** The port the README's examples are written with; a run replaces it with the started app's. */
    static final String README_PORT = "10006";

    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\w*)\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^\\s*<!-- not run by the tests: .+ -->\\s*$");
    private static final Pattern RUN_WITH = Pattern.compile("^\\s*<!-- run with: (.+) -->\\s*$");
    private static final Pattern FILE = Pattern.compile("^\\s*<!-- file: ([\\w.-]+) -->\\s*$");
    private static final Set<String> SHELLS = Set.of("bash", "sh", "shell", "console");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A command block: its fence's line (1-based), its commands, its json answer (or null), its settings. */
    record Block(int line, String command, String answer, String settings) {
    }

    /** A block marked {@code <!-- file: NAME -->}: written as NAME into the directory the examples run in. */
    record File(int line, String name, String content) {
    }

    private final String source;
    private final List<Block> blocks = new ArrayList<>();
    private final List<File> files = new ArrayList<>();

    private ReadmeExamples(String source) {
        this.source = source;
    }

    /** The examples of {@code lines}; {@code source} (e.g. {@code README.md}) is what a failure names. */
    static ReadmeExamples parse(String source, List<String> lines) {
        ReadmeExamples examples = new ReadmeExamples(source);
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches() || fence.group(1).isEmpty()) {
                continue;
            }
            int end = examples.closingFence(lines, i);
            String above = i > 0 ? lines.get(i - 1) : "";
            String content = String.join("\n", lines.subList(i + 1, end));
            Matcher file = FILE.matcher(above);
            if (file.matches()) {
                examples.files.add(new File(i + 1, file.group(1), content + "\n"));
            } else if (SHELLS.contains(fence.group(1)) && !NOT_RUN.matcher(above).matches()) {
                Matcher runWith = RUN_WITH.matcher(above);
                String settings = runWith.matches() ? runWith.group(1).strip() : "";
                String answer = null;
                int next = end + 1;
                while (next < lines.size() && lines.get(next).isBlank()) {
                    next++;
                }
                if (next < lines.size() && lines.get(next).strip().equals("```json")) {
                    int answerEnd = examples.closingFence(lines, next);
                    answer = String.join("\n", lines.subList(next + 1, answerEnd));
                    end = answerEnd;
                }
                if (answer == null && content.contains("curl ")) {
                    // curl -s exits with 0 on a 404 too: without an answer, a misspelt path would pass
                    throw new AssertionError(examples.at(i + 1) + " a block that calls curl needs its answer in a"
                            + " json block after it");
                }
                examples.blocks.add(new Block(i + 1, content, answer, settings));
            }
            i = end;
        }
        return examples;
    }

    List<Block> blocks() {
        return blocks;
    }

    List<File> files() {
        return files;
    }

    /** {@code source:line:}, how every failure about a block starts. */
    String at(int line) {
        return source + ":" + line + ":";
    }

    /** Writes the README's files into {@code directory}. */
    void writeFiles(Path directory) throws IOException {
        for (File file : files) {
            Files.writeString(directory.resolve(file.name()), file.content());
        }
    }

    /** A block's settings ({@code K=V K2=V2}) as environment variables, with the README's port replaced. */
    static Map<String, String> environment(String settings, int port) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String setting : settings.split("\\s+")) {
            if (!setting.isEmpty()) {
                int equals = setting.indexOf('=');
                environment.put(setting.substring(0, equals), withPort(setting.substring(equals + 1), port));
            }
        }
        return environment;
    }

    /**
     * Runs one block with {@code bash -e -o pipefail} in {@code directory}, against the app on {@code port}: it must
     * exit with 0 and, when it has an answer, print the same JSON documents, volatile fields left out.
     */
    void run(Block block, Path directory, int port) throws Exception {
        String command = withPort(block.command(), port);
        Path script = Files.createTempFile("readme-", ".sh");
        Path output = Files.createTempFile("readme-", ".out");
        try {
            Files.writeString(script, command);
            Process bash = new ProcessBuilder("bash", "-e", "-o", "pipefail", script.toString())
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!bash.waitFor(60, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                fail(where(block, command) + "still running after 60 s; output so far:\n" + Files.readString(output));
            }
            String actual = Files.readString(output);
            assertEquals(0, bash.exitValue(), () -> where(block, command) + "exit code " + bash.exitValue()
                    + ", output:\n" + actual);
            if (block.answer() != null) {
                String expected = withPort(block.answer(), port);
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

    private int closingFence(List<String> lines, int opening) {
        for (int i = opening + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return i;
            }
        }
        throw new AssertionError(at(opening + 1) + " the block is never closed");
    }

    private String where(Block block, String command) {
        return at(block.line()) + (block.settings().isEmpty() ? "" : " (run with: " + block.settings() + ")")
                + "\n" + command + "\n";
    }

    private static String withPort(String text, int port) {
        return text.replace("localhost:" + README_PORT, "localhost:" + port)
                .replace("127.0.0.1:" + README_PORT, "127.0.0.1:" + port);
    }

    private List<JsonNode> documents(String text, Block block, String what) {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (values.hasNext()) {
                documents.add(withoutVolatile(values.next()));
            }
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(at(block.line()) + " " + what + " is not JSON: " + e.getMessage(), e);
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
