package io.imhook.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.readme.ReadmeExamples.Block;

/** A README block with a typo fails with the block's line: ReadmeIT's reading and running, fed a README of its own. */
class ReadmeExamplesTest {

    /** No app is started: these blocks never reach one. */
    private static final int NO_APP = 10006;

    @TempDir
    Path directory;

    @Test
    void aMisspeltCommandFailsWithTheBlocksLine() {
        ReadmeExamples readme = ReadmeExamples.parse("TEST.md", List.of(
                "Try it:",
                "```bash",
                "ehco '{\"outcome\":\"allowed\"}'",
                "```",
                "```json",
                "{\"outcome\":\"allowed\"}",
                "```"));

        assertThatThrownBy(() -> readme.run(readme.blocks().get(0), directory, NO_APP))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("TEST.md:2:")
                .hasMessageContaining("ehco '{\"outcome\":\"allowed\"}'")
                .hasMessageContaining("exit code 127");
    }

    @Test
    void aWrongAnswerFailsWithTheBlocksLineTheExpectedAndTheActual() {
        ReadmeExamples readme = ReadmeExamples.parse("TEST.md", List.of(
                "# title",
                "",
                "A first example:",
                "```bash",
                "echo '{\"outcome\":\"allowed\",\"elapsedMs\":3}'",
                "```",
                "",
                "A second one:",
                "```sh",
                "echo '{\"outcome\":\"allowed\",\"errCode\":0,\"elapsedMs\":3}'",
                "```",
                "```json",
                "{\"outcome\":\"denied\",\"errCode\":0,\"elapsedMs\":475}",
                "```"));
        Block second = readme.blocks().get(1);

        assertThatThrownBy(() -> readme.run(second, directory, NO_APP))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("TEST.md:9:")
                .hasMessageContaining("expected (volatile")
                .hasMessageContaining("{\"outcome\":\"denied\",\"errCode\":0,\"elapsedMs\":475}")
                .hasMessageContaining("actual:\n{\"outcome\":\"allowed\",\"errCode\":0,\"elapsedMs\":3}");
    }

    @Test
    void aMissingOrExtraFieldFailsAndOnlyTheVolatileOnesMayDiffer() throws Exception {
        ReadmeExamples readme = ReadmeExamples.parse("TEST.md", List.of(
                "```bash",
                "echo '{\"outcome\":\"allowed\",\"elapsedMs\":3,\"receivedAt\":\"2026-12-07T12:00:00Z\"}'",
                "```",
                "```json",
                "{\"outcome\":\"allowed\",\"elapsedMs\":475,\"receivedAt\":\"2026-12-07T06:48:27Z\"}",
                "```",
                "```bash",
                "echo '{\"outcome\":\"allowed\",\"modified\":{}}'",
                "```",
                "```json",
                "{\"outcome\":\"allowed\"}",
                "```"));

        readme.run(readme.blocks().get(0), directory, NO_APP);
        assertThatThrownBy(() -> readme.run(readme.blocks().get(1), directory, NO_APP))
                .hasMessageStartingWith("TEST.md:7:");
    }

    @Test
    void anAnswerThatIsNotJsonFailsWithTheBlocksLine() {
        ReadmeExamples readme = ReadmeExamples.parse("TEST.md", List.of(
                "```bash",
                "echo '<html>404</html>'",
                "```",
                "```json",
                "{\"outcome\":\"allowed\"}",
                "```"));

        assertThatThrownBy(() -> readme.run(readme.blocks().get(0), directory, NO_APP))
                .hasMessageStartingWith("TEST.md:1:")
                .hasMessageContaining("actual (not JSON):\n<html>404</html>");
    }

    @Test
    void aCurlBlockWithoutAnAnswerFailsWithItsLine() {
        assertThatThrownBy(() -> ReadmeExamples.parse("TEST.md", List.of("text", "```bash",
                "curl -s localhost:10006/dispatch/setings", "```")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("TEST.md:2: a block that calls curl needs its answer in a json block after it");
    }

    @Test
    void aBlockNeverClosedFailsWithItsLine() {
        assertThatThrownBy(() -> ReadmeExamples.parse("TEST.md", List.of("text", "", "```bash", "curl -s x")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("TEST.md:3: the block is never closed");
    }

    @Test
    void theMarkersChooseWhatRunsWithWhichSettingsAndWhichFilesAreWritten() throws Exception {
        ReadmeExamples readme = ReadmeExamples.parse("TEST.md", List.of(
                "<!-- not run by the tests: a build -->",
                "```bash",
                "./mvnw package",
                "```",
                "<!-- file: webhooks.yml -->",
                "```yaml",
                "url: http://business:8080/callbackExample",
                "```",
                "<!-- run with: IMHOOK_WEBHOOKS_FILE=webhooks.yml WEBHOOKS_URL=http://127.0.0.1:10006/cb -->",
                "```bash",
                "cat webhooks.yml",
                "```",
                "```yaml",
                "not: a command",
                "```"));

        assertThat(readme.blocks()).containsExactly(new Block(10, "cat webhooks.yml", null,
                "IMHOOK_WEBHOOKS_FILE=webhooks.yml WEBHOOKS_URL=http://127.0.0.1:10006/cb"));
        assertThat(ReadmeExamples.environment(readme.blocks().get(0).settings(), 40123)).isEqualTo(Map.of(
                "IMHOOK_WEBHOOKS_FILE", "webhooks.yml", "WEBHOOKS_URL", "http://127.0.0.1:40123/cb"));
        readme.writeFiles(directory);
        assertThat(Files.readString(directory.resolve("webhooks.yml")))
                .isEqualTo("url: http://business:8080/callbackExample\n");
        readme.run(readme.blocks().get(0), directory, NO_APP);
    }
}
