package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.OwnSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The transport-error row: nothing listens at the url, so the exchange fails at once with NetworkError. */
@QuarkusTest
@TestProfile(OwnSettings.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(OwnSettings.OwnUrl.class)
class UnreachableBusinessServerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "beforeAddFriend,true,0", "beforeAddBlack,false,90004" })
    void connectionRefusedIsDecidedByFailedContinue(String key, boolean proceed, int errCode) {
        given().body("{}").post("/dispatch/" + key)
                .then().statusCode(200)
                .body("outcome", equalTo("failed"))
                .body("reason", equalTo("connect"))
                .body("proceed", equalTo(proceed))
                .body("errCode", equalTo(errCode))
                .body("modified", anEmptyMap())
                .body("elapsedMs", lessThan(1000));
    }
}
