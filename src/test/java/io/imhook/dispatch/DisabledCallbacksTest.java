package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.OwnSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The first row of the decision table: a disabled key is skipped without an HTTP call, before or after. */
@QuarkusTest
@TestProfile(OwnSettings.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(OwnSettings.OwnUrl.class)
class DisabledCallbacksTest {

    private final BusinessServer server = BusinessServer.instance();

    private final String operationID = BusinessServer.operationId("disabled");

    @AfterEach
    void release() {
        server.release();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "beforeSetFriendRemark", "beforeCreateSingleChatConversations", "afterQuitGroup" })
    void disabledKeyIsSkippedWithoutACall(String key) {
        given().header("operationID", operationID).body("{}").post("/dispatch/" + key)
                .then().statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("reason", equalTo("disabled"))
                .body("proceed", equalTo(true))
                .body("errCode", equalTo(0));
        assertThat(server.requestsFor(operationID)).isEmpty();
    }
}
