package io.imhook.dispatch;

import static io.imhook.testing.Prometheus.has;
import static io.imhook.testing.Prometheus.scrape;
import static io.imhook.testing.Prometheus.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /q/metrics}: per key and outcome, a counter of decisions and a histogram of round trips. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class DispatchMetricsTest {

    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";
    private final BusinessServer server = BusinessServer.instance();

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void anAllowedDispatchMovesItsCounterAndItsRoundTripHistogram() {
        Map<String, String> decided = Map.of("key", "beforeAddBlack", "outcome", "allowed", "reason", "none");
        Map<String, String> roundTrip = Map.of("key", "beforeAddBlack", "outcome", "allowed");
        String before = scrape();

        given().body(BLACK).post("/dispatch/beforeAddBlack").then().statusCode(200)
                .body("outcome", equalTo("allowed"));

        String after = scrape();
        assertThat(value(after, "imhook_callbacks_total", decided))
                .isEqualTo(value(before, "imhook_callbacks_total", decided) + 1);
        assertThat(value(after, "imhook_callback_roundtrip_seconds_count", roundTrip))
                .isEqualTo(value(before, "imhook_callback_roundtrip_seconds_count", roundTrip) + 1);
        assertThat(value(after, "imhook_callback_roundtrip_seconds_bucket", Map.of("key", "beforeAddBlack",
                "outcome", "allowed", "le", "+Inf")))
                .isEqualTo(value(after, "imhook_callback_roundtrip_seconds_count", roundTrip));
        assertThat(value(after, "imhook_callback_roundtrip_seconds_sum", roundTrip))
                .isGreaterThan(value(before, "imhook_callback_roundtrip_seconds_sum", roundTrip));
    }

    @Test
    void aDenialIsCountedUnderItsOwnOutcome() {
        server.answer("callbackBeforeAddBlackCommand",
                "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"no\",\"errDlt\":\"\",\"nextCode\":1}");
        Map<String, String> denied = Map.of("key", "beforeAddBlack", "outcome", "denied");
        Map<String, String> allowed = Map.of("key", "beforeAddBlack", "outcome", "allowed");
        String before = scrape();

        given().body(BLACK).post("/dispatch/beforeAddBlack").then().statusCode(200)
                .body("outcome", equalTo("denied"));

        String after = scrape();
        assertThat(value(after, "imhook_callbacks_total", denied))
                .isEqualTo(value(before, "imhook_callbacks_total", denied) + 1);
        assertThat(value(after, "imhook_callback_roundtrip_seconds_count", denied))
                .isEqualTo(value(before, "imhook_callback_roundtrip_seconds_count", denied) + 1);
        assertThat(value(after, "imhook_callbacks_total", allowed))
                .isEqualTo(value(before, "imhook_callbacks_total", allowed));
    }

    @Test
    void aFilteredEventIsCountedWithItsReasonAndMakesNoRoundTrip() {
        Map<String, String> filtered = Map.of("key", "beforeSendSingleMsg", "outcome", "skipped",
                "reason", "filtered");
        Map<String, String> anyRoundTrip = Map.of("key", "beforeSendSingleMsg");
        String before = scrape();

        // webhooks-test.yml denies contentType 102 for beforeSendSingleMsg
        given().body("{\"sendID\":\"a\",\"recvID\":\"b\",\"sessionType\":1,\"contentType\":102}")
                .post("/dispatch/beforeSendSingleMsg").then().statusCode(200)
                .body("reason", equalTo("filtered"));

        String after = scrape();
        assertThat(value(after, "imhook_callbacks_total", filtered))
                .isEqualTo(value(before, "imhook_callbacks_total", filtered) + 1);
        assertThat(value(after, "imhook_callback_roundtrip_seconds_count", anyRoundTrip))
                .isEqualTo(value(before, "imhook_callback_roundtrip_seconds_count", anyRoundTrip));
    }

    @Test
    void theAfterQueueShowsItsDepthAndRefusals() {
        String metrics = scrape();
        assertThat(has(metrics, "imhook_after_queue_depth")).isTrue();
        assertThat(has(metrics, "imhook_after_queue_refused")).isTrue();
    }
}
