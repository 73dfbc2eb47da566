package io.imhook.config;

import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A copy of OpenIM's own webhooks.yml, pointed at with the documented setting, loads unchanged. */
@QuarkusTest
@TestProfile(OpenImWebhooksYmlTest.OpenImsFile.class)
class OpenImWebhooksYmlTest {

    public static class OpenImsFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.webhooks-file", "classpath:openim-webhooks.yml");
        }
    }

    @Test
    void allFiftyThreeKeysLoadWithOpenImsValues() {
        given().get("/dispatch")
                .then().statusCode(200)
                .body("$", hasSize(53))
                .body("enabled", everyItem(equalTo(false)))
                .body("timeoutSeconds", everyItem(equalTo(5)))
                .body("find { it.key == 'beforeSendSingleMsg' }.failedContinue", equalTo(true))
                // shipped as "failedContinue:" with no value: Go reads false
                .body("find { it.key == 'beforeAddBlack' }.failedContinue", equalTo(false))
                .body("find { it.key == 'beforeCreateSingleChatConversations' }.failedContinue", equalTo(false));
    }

    @Test
    void disabledKeysAreSkipped() {
        given().body("{\"contentType\":101}").post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("reason", equalTo("disabled"));
    }
}
