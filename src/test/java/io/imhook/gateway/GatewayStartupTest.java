package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksFile;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The start-up warning about timeouts OpenIM's own 15 s cap would cut short. */
class GatewayStartupTest {

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
