package io.imhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The {@code targets:} of an after-callback entry, as {@link WebhooksSnapshot} resolves them. */
class DeliveryTargetsTest {

    private static final CallbackType AFTER_SEND = CallbackCatalogue.byKey("afterSendSingleMsg").orElseThrow();

    private static WebhooksSnapshot load(String yaml, Map<String, String> appConfig) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(appConfig, "test", 300)).build();
        return WebhooksSnapshot.load("test.yml", yaml.getBytes(StandardCharsets.UTF_8), config);
    }

    private static WebhooksSnapshot load(String yaml) {
        return load(yaml, Map.of());
    }

    @Test
    void aKeyWithoutTargetsHasTheDefaultOneAtItsUrl() {
        WebhooksSnapshot snapshot = load("url: http://b:1/cb\nafterSendSingleMsg:\n  enable: true\n  ordering: none\n");
        assertThat(snapshot.namesTargets(AFTER_SEND)).isFalse();
        assertThat(snapshot.targets(AFTER_SEND)).containsExactly(new DeliveryTarget("default", "http://b:1/cb", false));
        assertThat(snapshot.inConversationOrder(AFTER_SEND)).isFalse();
    }

    @Test
    void namedTargetsReplaceTheUrlAndInheritTheEntrysOrdering() {
        WebhooksSnapshot snapshot = load("""
                url: http://b:1/cb
                afterSendSingleMsg:
                  enable: true
                  ordering: none
                  targets:
                    audit:
                      url: http://audit:2/hooks/
                    state:
                      url: http://state:3
                      ordering: conversation
                """);
        assertThat(snapshot.namesTargets(AFTER_SEND)).isTrue();
        assertThat(snapshot.targets(AFTER_SEND)).containsExactly(
                new DeliveryTarget("audit", "http://audit:2/hooks", false),
                new DeliveryTarget("state", "http://state:3", true));
        // one target wants conversation order: the event keeps its conversation as its ordering key
        assertThat(snapshot.inConversationOrder(AFTER_SEND)).isTrue();
        assertThat(snapshot.target(AFTER_SEND, "audit")).map(DeliveryTarget::url).contains("http://audit:2/hooks");
        assertThat(snapshot.target(AFTER_SEND, "gone")).isEmpty();
        // an event accepted before targets: existed still goes to the key's url
        assertThat(snapshot.target(AFTER_SEND, "default")).map(DeliveryTarget::url).contains("http://b:1/cb");
        assertThat(snapshot.unknownKeys()).isEmpty();
    }

    @Test
    void aTargetNameThatCannotBeALabelIsRefusedWithTheKey() {
        assertThatThrownBy(() -> load("afterSendSingleMsg:\n  targets:\n    \"a b\":\n      url: http://x:1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("afterSendSingleMsg.targets").hasMessageContaining("'a b'");
    }

    @Test
    void aBeforeCallbackHasNoTargets() {
        CallbackType beforeSend = CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow();
        WebhooksSnapshot snapshot = load(
                "url: http://b:1/cb\nbeforeSendSingleMsg:\n  targets:\n    other:\n      url: http://o:1\n");
        assertThat(snapshot.namesTargets(beforeSend)).isFalse();
        assertThat(snapshot.baseUrls()).containsExactly("http://b:1/cb");
    }

    @Test
    void theApplicationsConfigAddsATarget() {
        WebhooksSnapshot snapshot = load("url: http://b:1/cb\nafterSendSingleMsg:\n  enable: true\n",
                Map.of("webhooks.afterSendSingleMsg.targets.extra.url", "http://extra:9/x"));
        assertThat(snapshot.targets(AFTER_SEND)).containsExactly(new DeliveryTarget("extra", "http://extra:9/x", true));
    }
}
