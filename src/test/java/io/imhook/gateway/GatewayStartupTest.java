package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksFile;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The start-up checks of who may call the gateway, and the warning about timeouts OpenIM's 15 s cap cuts short. */
class GatewayStartupTest {

    static final String GOOD_TOKEN = "0123456789abcdef-ABC_";

    @Test
    void aGoodTokenOrAGatewayDeclaredOrLeftOpenWithoutApiTokensStarts() {
        assertThat(GatewayStartup.accessProblems(Optional.of(GOOD_TOKEN), false, true)).isEmpty();
        assertThat(GatewayStartup.accessProblems(Optional.of(GOOD_TOKEN), false, false)).isEmpty();
        assertThat(GatewayStartup.accessProblems(Optional.of("a".repeat(16)), false, true)).isEmpty();
        assertThat(GatewayStartup.accessProblems(Optional.empty(), false, false)).isEmpty();
        assertThat(GatewayStartup.accessProblems(Optional.empty(), true, false)).isEmpty();
        assertThat(GatewayStartup.accessProblems(Optional.empty(), true, true)).isEmpty();
    }

    @Test
    void apiTokensWithoutAGatewayTokenNeedTheGatewayDeclaredOpen() {
        assertThat(GatewayStartup.accessProblems(Optional.empty(), false, true)).singleElement().asString()
                .contains("imhook.gateway.token", "IMHOOK_GATEWAY_TOKEN", "IMHOOK_GATEWAY_OPEN=true",
                        "openssl rand -hex 32");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "abc+def/ghi=jklmnopq", "0123456789abcdef ", "0123456789abcdef%2e",
            "t\u00f6ken-of-sixteen-ch", "0123456789abcdef;x", "0123456789abcdef/x" })
    void aTokenWithACharacterOutsideTheSetIsRefused(String token) {
        assertThat(GatewayStartup.accessProblems(Optional.of(token), false, true)).singleElement().asString()
                .contains("imhook.gateway.token", "letters, digits", "openssl rand -hex 32").doesNotContain(token);
    }

    @Test
    void aShortTokenIsRefused() {
        assertThat(GatewayStartup.accessProblems(Optional.of("a".repeat(15)), false, true)).singleElement()
                .asString().contains("imhook.gateway.token", "at least 16 characters");
        assertThat(GatewayStartup.accessProblems(Optional.of(""), false, false)).hasSize(1);
    }

    @Test
    void aTokenOnAGatewayDeclaredOpenIsAContradiction() {
        assertThat(GatewayStartup.accessProblems(Optional.of(GOOD_TOKEN), true, false)).singleElement().asString()
                .contains("imhook.gateway.open", "imhook.gateway.token");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        // the token of issue 27.2: too short, base64, and here also declared open
        assertThat(GatewayStartup.accessProblems(Optional.of("abc+def/ghi="), true, true)).hasSize(3);
    }

    @Test
    void warnsAboutEnabledBeforeCallbacksOfFifteenSecondsOrMore() {
        WebhookSettings settings = new WebhookSettings(
                WebhooksFile.load("classpath:per-callback-url.yml", new SmallRyeConfigBuilder().build()));
        // beforeAddFriend (14 s) fits; afterSendSingleMsg is answered at once; beforeAddBlack is disabled
        assertThat(GatewayStartup.longTimeouts(settings)).extracting(callback -> callback.type().key())
                .containsExactly("beforeUpdateUserInfo");
    }

    @Test
    void theShippedFileGivesNoWarning() {
        WebhookSettings settings = new WebhookSettings(
                WebhooksFile.load(WebhooksFile.DEFAULT_LOCATION, new SmallRyeConfigBuilder().build()));
        assertThat(GatewayStartup.longTimeouts(settings)).extracting(CallbackSettings::type).isEmpty();
    }
}
