package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;
import io.restassured.RestAssured;

/**
 * The packaged app's start-up checks of who may call the gateway, as an operator meets them: each refusal stops
 * the process and names the setting to change; a gateway declared open starts, and says so.
 */
class GatewayAccessIT {

    private static final String API_TOKEN = "it-api-token-0123456789abcdef";
    private final int port = FreePort.pick();

    @Test
    void apiTokensWithoutAGatewayTokenStopStartUp() throws Exception {
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_API_TOKENS", API_TOKEN,
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            assertThat(app.exitCode(60)).isNotIn(0, -1);
            assertThat(app.output()).contains("imhook.api.tokens is set but imhook.gateway.token is not")
                    .contains("IMHOOK_GATEWAY_OPEN=true").doesNotContain(API_TOKEN);
        }
    }

    /** The token of issue 27.2, base64 and too short, on a gateway also declared open: all three are named. */
    @Test
    void aBadGatewayTokenStopsStartUpNamingEveryProblem() throws Exception {
        String token = "abc+def/ghi=";
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_GATEWAY_TOKEN", token, "IMHOOK_GATEWAY_OPEN", "true",
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            assertThat(app.exitCode(60)).isNotIn(0, -1);
            assertThat(app.output()).contains("may hold only letters, digits").contains("at least 16 characters")
                    .contains("openssl rand -hex 32").contains("imhook.gateway.open (IMHOOK_GATEWAY_OPEN) is true")
                    .doesNotContain(token);
        }
    }

    @Test
    void aGatewayDeclaredOpenStartsWithAWarningWhileTheApiNeedsItsToken() throws Exception {
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_API_TOKENS", API_TOKEN, "IMHOOK_GATEWAY_OPEN", "true",
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            app.awaitReady(port);
            RestAssured.given().port(port).body("{}").post("/dispatch/beforeAddBlack").then().statusCode(401);
            RestAssured.given().port(port).contentType("application/json")
                    .body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                    .post("/openim/callbackBeforeAddBlackCommand").then().statusCode(200);
            assertThat(app.output()).contains("imhook.gateway.token is not set and imhook.gateway.open declares the "
                    + "gateway open");
        }
    }
}
