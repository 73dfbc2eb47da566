package io.imhook.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiAccessTest {

    private final ApiAccess access = new ApiAccess("/callbackExample/", "/im/", false, "/console");

    @ParameterizedTest(name = "{0} {1}: token {2}")
    @CsvSource({
            "GET, /dispatch, true",
            "POST, /dispatch/beforeSendSingleMsg, true",
            "GET, /admin/after-queue, true",
            "POST, /admin/breakers/reset, true",
            "GET, /admin, true",
            "GET, /callbackExample/events, true",
            "GET, /callbackExample/stats, true",
            "POST, /callbackExample/events, true",
            "POST, /callbackExample/a/b, true",
            "GET, /callbackExample/callbackBeforeAddFriendCommand, true",
            "POST, /callbackExample/, true",
            "POST, /callbackExample/callbackBeforeAddFriendCommand;x=1, true",
            "POST, /openim;x/../dispatch/x, true",
            "GET, /, true",
            "GET, /anything, true",
            "POST, /callbackExample/callbackBeforeAddFriendCommand, false",
            "POST, /openim/callbackBeforeSendSingleMsgCommand, false",
            "POST, /im/callbackBeforeSendSingleMsgCommand, false",
            "POST, /im/the-path-token/callbackBeforeSendSingleMsgCommand, false",
            "POST, /imx/callbackBeforeSendSingleMsgCommand, true",
            "GET, /q/health, false",
            "GET, /q/health/live, false",
            "GET, /q/metrics, false",
            "GET, /q/openapi, false",
            "GET, /console, false",
            "GET, /console/static/console.js, false",
            "GET, /console/api/now, true",
            "POST, /console/api/business-servers/reset, true",
            "POST, /console, true",
            "GET, /console/static;x/../api/now, true",
            "GET, /consolex, true" })
    void denyByDefault(String method, String path, boolean needsToken) {
        assertThat(access.needsToken(method, path)).isEqualTo(needsToken);
    }

    @Test
    void metricsCanBeProtected() {
        ApiAccess protecting = new ApiAccess("callbackExample", "openim", true, "console/");
        assertThat(protecting.needsToken("GET", "/q/metrics")).isTrue();
        assertThat(protecting.needsToken("GET", "/q/metrics/json")).isTrue();
        assertThat(protecting.needsToken("GET", "/q/health/ready")).isFalse();
    }
}
