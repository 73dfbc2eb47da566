package io.imhook.config;

import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.KubeletMount;
import io.imhook.testing.KubeletMountResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A copy of OpenIM's own webhooks.yml, put where the documented setting ({@code imhook.webhooks-file}) points,
 * loads unchanged. The file is mounted as Kubernetes mounts a ConfigMap, so the service reads it while it runs.
 */
@QuarkusTest
@WithTestResource(KubeletMountResource.class)
class OpenImWebhooksYmlTest {

    private final BusinessServer server = BusinessServer.instance();

    @ConfigProperty(name = "imhook.webhooks-file")
    String file;

    @BeforeEach
    void mountOpenImsFile() throws IOException {
        try (InputStream openIms = getClass().getResourceAsStream("/openim-webhooks.yml")) {
            KubeletMount.at(file).swapAndAwait(new String(openIms.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void mountTheTestsFile() {
        KubeletMount.at(file).swapAndAwait(KubeletMountResource.initial(server.url()));
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
