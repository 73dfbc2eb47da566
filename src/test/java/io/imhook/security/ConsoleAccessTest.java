package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With API tokens set, the console's page opens (it holds no data) and its API refuses requests without one. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class ConsoleAccessTest {

    private static final List<String> READS = List.of("/console/api/now", "/console/api/recent",
            "/console/api/decisions/0", "/console/api/callbacks", "/console/api/business-servers",
            "/console/api/after-callbacks");
    private static final List<String> ACTIONS = List.of("/console/api/business-servers/reset",
            "/console/api/dead-letters/replay", "/console/api/dead-letters/discard",
            "/console/api/dead-letters/1/replay", "/console/api/dead-letters/1/discard");

    @Test
    void theConsoleApiNeedsTheToken() {
        for (String path : READS) {
            given().get(path).then().statusCode(401).body("error", equalTo("unauthorized"));
            given().header("Authorization", "Bearer not-the-token-at-all-0000").get(path).then().statusCode(401);
        }
        for (String path : ACTIONS) {
            given().post(path).then().statusCode(401).body("error", equalTo("unauthorized"));
        }
        given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).get("/console/api/now")
                .then().statusCode(200);
    }

    @Test
    void thePageAndItsScriptsOpenWithoutTheTokenAndHoldNoData() {
        String page = given().get("/console").then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"sign-in\"").doesNotContain(SecuredProfile.TOKEN)
                .doesNotContain("webhooks").doesNotContain("127.0.0.1");
        given().get("/console/static/console.js").then().statusCode(200);
        given().get("/console/static/uPlot.iife.min.js").then().statusCode(200);
    }
}
