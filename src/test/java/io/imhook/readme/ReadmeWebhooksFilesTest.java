package io.imhook.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.config.DeliveryTarget;
import io.imhook.config.WebhooksSnapshot;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The README's {@code webhooks.yml} examples load as they are written: the two files side by side of "Put imhook
 * in front of your business server" (OpenIM's, which imhook also reads unchanged, and imhook's own), and the
 * shadow and ordering snippets, with the settings the text around them promises. ReadmeIT runs the commands; these
 * blocks are files, not commands.
 */
class ReadmeWebhooksFilesTest {

    private static List<String> yamlBlocks() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```yaml")) {
                int end = i + 1;
                while (!lines.get(end).strip().equals("```")) {
                    end++;
                }
                // the ordering snippet sits in a list item: its lines are indented
                String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
                blocks.add(String.join("\n", lines.subList(i + 1, end).stream()
                        .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line).toList()));
                i = end;
            }
        }
        return blocks;
    }

    private static WebhooksSnapshot load(String yaml) {
        return WebhooksSnapshot.load("README.md", yaml.getBytes(StandardCharsets.UTF_8),
                new SmallRyeConfigBuilder().build());
    }

    private static String block(String firstLine) throws Exception {
        return yamlBlocks().stream().filter(block -> block.startsWith(firstLine)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md: no yaml block starting with " + firstLine));
    }

    @Test
    void theGatewaysTwoFilesLoadWithTheSettingsShown() throws Exception {
        WebhooksSnapshot openIm = load(block("# every callback goes to imhook"));
        WebhooksSnapshot imhook = load(block("# the real business server"));

        assertThat(openIm.url()).isEqualTo("http://imhook:10006/openim");
        assertThat(imhook.url()).isEqualTo("http://business:8080/callbackExample");
        for (String key : List.of("beforeSendSingleMsg", "beforeSetGroupInfo", "afterSendSingleMsg")) {
            var type = CallbackCatalogue.byKey(key).orElseThrow();
            assertThat(openIm.of(type).enabled()).as("OpenIM's " + key).isTrue();
            assertThat(imhook.of(type).enabled()).as("imhook's " + key).isTrue();
            // OpenIM's timeout is imhook's plus 1 s, as the text says
            assertThat(openIm.of(type).timeout()).isEqualTo(imhook.of(type).timeout().plusSeconds(1));
        }
        var afterSend = CallbackCatalogue.byKey("afterSendSingleMsg").orElseThrow();
        assertThat(imhook.url(afterSend)).isEqualTo("http://audit:8080/hooks");
        assertThat(imhook.of(afterSend).attentionIds()).containsExactly("u1001");
        assertThat(imhook.of(CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow()).denies(102)).isTrue();
    }

    @Test
    void theShadowAndOrderingSnippetsLoad() throws Exception {
        WebhooksSnapshot shadow = load(block("url: http://business:8080/callbackExample\nbeforeSendSingleMsg:"));
        assertThat(shadow.shadowUrl(CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow()))
                .contains("http://business-v2:8080/callbackExample");

        WebhooksSnapshot ordering = load(block("afterSendSingleMsg:"));
        assertThat(ordering.inConversationOrder(CallbackCatalogue.byKey("afterSendSingleMsg").orElseThrow()))
                .isFalse();
        assertThat(ordering.inConversationOrder(CallbackCatalogue.byKey("afterSetGroupInfo").orElseThrow()))
                .isTrue();
    }

    @Test
    void theTargetsSnippetLoads() throws Exception {
        WebhooksSnapshot fanOut = load(block("url: http://business:8080/callbackExample\nafterSendSingleMsg:"));
        var afterSend = CallbackCatalogue.byKey("afterSendSingleMsg").orElseThrow();
        assertThat(fanOut.targets(afterSend)).containsExactly(
                new DeliveryTarget("archive", "http://archive:8080/openim", false),
                new DeliveryTarget("business", "http://business:8080/callbackExample", true),
                new DeliveryTarget("moderation", "http://moderation:9000/callbacks", true));
    }
}
