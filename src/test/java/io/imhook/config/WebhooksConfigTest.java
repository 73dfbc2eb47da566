package io.imhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.callback.CallbackCatalogue;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** How webhooks.yml files are read, the way start-up reads them, without starting the app. */
class WebhooksConfigTest {

    private static final SmallRyeConfig NO_OVERRIDES = new SmallRyeConfigBuilder().build();

    private static SmallRyeConfig load(String location) {
        return WebhooksFile.load(location, NO_OVERRIDES);
    }

    private static WebhookSettings settings(String location) {
        return new WebhookSettings(load(location));
    }

    @Test
    void openImsShippedFileLoadsWithItsDefaults() {
        WebhookSettings settings = settings("classpath:openim-webhooks.yml");
        assertThat(settings.url()).isEqualTo("http://127.0.0.1:10006/callbackExample");
        assertThat(settings.all()).hasSize(53);
        CallbackSettings single = settings.of(CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow());
        assertThat(single.enabled()).isFalse();
        assertThat(single.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(single.failedContinue()).isTrue();
        assertThat(single.deniedTypes()).isEmpty();
        assertThat(settings.of(CallbackCatalogue.byKey("beforeAddBlack").orElseThrow()).failedContinue()).isFalse();
    }

    @Test
    void stringAndRangeFormsOfContentTypes() {
        WebhookSettings settings = settings("classpath:webhooks-test.yml");
        CallbackSettings single = settings.of(CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow());
        assertThat(single.deniedTypes()).containsExactly(new ContentTypeRange(102, 102),
                new ContentTypeRange(104, 106));
        CallbackSettings group = settings.of(CallbackCatalogue.byKey("beforeSendGroupMsg").orElseThrow());
        assertThat(group.allowedTypes()).isEqualTo(Optional.of(List.of(new ContentTypeRange(101, 101),
                new ContentTypeRange(200, 300))));
    }

    @Test
    void keysMissingFromTheShippedFileTakeOpenImsDefaults() {
        WebhookSettings settings = settings("classpath:webhooks.yml");
        CallbackSettings remark = settings.of(CallbackCatalogue.byKey("beforeSetFriendRemark").orElseThrow());
        assertThat(remark.enabled()).isFalse();
        assertThat(remark.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(remark.failedContinue()).isTrue();
        CallbackSettings conversation = settings.of(
                CallbackCatalogue.byKey("beforeCreateGroupChatConversations").orElseThrow());
        assertThat(conversation.failedContinue()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "non-numeric-timeout.yml | webhooks.beforeSendSingleMsg.timeout | five",
            "ftp-url.yml             | webhooks.url                          | ftp://127.0.0.1/callbackExample",
            "reversed-range.yml      | webhooks.beforeSendGroupMsg.deniedTypes | 300-200",
            "malformed-range.yml     | webhooks.beforeSendGroupMsg.allowedTypes | 10x" })
    void badValueFailsNamingTheKeyAndTheValue(String file, String key, String value) {
        assertThatThrownBy(() -> settings("classpath:bad/" + file))
                .hasMessageContaining(key)
                .hasMessageContaining(value);
    }

    @Test
    void applicationConfigOverridesSingleValues() {
        SmallRyeConfig appConfig = new SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        java.util.Map.of("webhooks.url", "https://hooks.example/im/",
                                "webhooks.beforeAddFriend.enable", "true"), "test", 300))
                .build();
        WebhookSettings settings = new WebhookSettings(WebhooksFile.load("classpath:openim-webhooks.yml", appConfig));
        assertThat(settings.url()).isEqualTo("https://hooks.example/im");
        assertThat(settings.of(CallbackCatalogue.byKey("beforeAddFriend").orElseThrow()).enabled()).isTrue();
        assertThat(settings.of(CallbackCatalogue.byKey("beforeAddBlack").orElseThrow()).enabled()).isFalse();
    }

    @Test
    void unknownKeysAreIgnoredNotFatal() {
        WebhookSettings settings = settings("classpath:unknown-keys.yml");
        assertThat(settings.unknownKeys()).containsExactlyInAnyOrder("beforeTeleport", "beforeAddFriend.colour");
        assertThat(settings.of(CallbackCatalogue.byKey("beforeAddFriend").orElseThrow()).enabled()).isTrue();
    }

    @Test
    void fileThatIsNotYamlFailsNamingTheFile() {
        assertThatThrownBy(() -> load("classpath:bad/not-yaml.yml"))
                .hasMessageContaining("not-yaml.yml")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void missingFileFailsNamingTheSetting() {
        assertThatThrownBy(() -> load("/nonexistent/webhooks.yml"))
                .hasMessageContaining("imhook.webhooks-file=/nonexistent/webhooks.yml")
                .hasMessageContaining("no such file");
    }

    @Test
    void aCallbackOfImhooksOwnFileMayNameItsOwnBusinessServer() {
        WebhookSettings settings = settings("classpath:per-callback-url.yml");
        assertThat(settings.url(CallbackCatalogue.byKey("beforeUpdateUserInfo").orElseThrow()))
                .isEqualTo("http://users.example:9090/hooks");
        assertThat(settings.url(CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow()))
                .isEqualTo("http://business.example:8080/callbackExample");
        assertThat(settings.url()).isEqualTo("http://business.example:8080/callbackExample");
        assertThat(settings.unknownKeys()).isEmpty();
    }

    @Test
    void openImsOwnFileHasNoPerCallbackUrlAndEveryKeyGoesToTheTopLevelOne() {
        WebhookSettings settings = settings("classpath:openim-webhooks.yml");
        assertThat(CallbackCatalogue.all()).allSatisfy(type -> assertThat(settings.url(type)).isEqualTo(settings.url()));
    }

    /** What a poll reads while the file is truncated and written again: it would disable all 53 callbacks. */
    @ParameterizedTest
    @ValueSource(strings = { "", "\n", "# only a comment\n", "unknownKey: 1\n", "beforeAddFriendd:\n  enable: true\n"
    })
    void aFileWithNeitherAUrlNorACallbackKeyIsRefused(String yaml) {
        assertThatThrownBy(() -> WebhooksFile.load("cut.yml", yaml.getBytes(StandardCharsets.UTF_8), NO_OVERRIDES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut.yml")
                .hasMessageContaining("neither a url nor a callback key");
    }

    @Test
    void aFileWithOnlyOneCallbackKeyLoads() {
        WebhookSettings settings = new WebhookSettings(WebhooksFile.load("one.yml",
                "beforeAddFriend:\n  enable: true\n".getBytes(StandardCharsets.UTF_8), NO_OVERRIDES));
        assertThat(settings.of(CallbackCatalogue.byKey("beforeAddFriend").orElseThrow()).enabled()).isTrue();
    }

    @Test
    void aPerCallbackUrlIsCheckedLikeTheTopLevelOne() {
        assertThatThrownBy(() -> settings("classpath:bad/ftp-callback-url.yml"))
                .hasMessageContaining("webhooks.beforeAddFriend.url")
                .hasMessageContaining("ftp://127.0.0.1/hooks");
    }

    @Test
    void aPerCallbackUrlCanBeOverriddenFromTheApplicationsConfig() {
        SmallRyeConfig appConfig = new SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        java.util.Map.of("webhooks.beforeAddFriend.url", "https://friends.example/im"), "test", 300))
                .build();
        WebhookSettings settings = new WebhookSettings(WebhooksFile.load("classpath:openim-webhooks.yml", appConfig));
        assertThat(settings.url(CallbackCatalogue.byKey("beforeAddFriend").orElseThrow()))
                .isEqualTo("https://friends.example/im");
    }
}
