package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The transport-error row: nothing listens at the url, so the exchange fails at once with NetworkError. */
@QuarkusTest
@TestProfile(UnreachableBusinessServerTest.NothingListening.class)
class UnreachableBusinessServerTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 1 (tcpmux) is closed on these machines: connection refused
            return Map.of("webhooks.url", "http://127.0.0.1:1/cb");
        }
    }

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
