package io.imhook.dispatch;

import static io.imhook.testing.Prometheus.change;
import static io.imhook.testing.Prometheus.has;
import static io.imhook.testing.Prometheus.scrape;
import static io.imhook.testing.Prometheus.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.Prometheus.Change;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /q/metrics}: per key and outcome, a counter of decisions and a histogram of round trips. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class DispatchMetricsTest {

    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";
    private final BusinessServer server = BusinessServer.instance();

    private final String operationID = BusinessServer.operationId("metrics");

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void anAllowedDispatchMovesItsCounterAndItsRoundTripHistogram() {
        Map<String, String> roundTrip = Map.of("key", "beforeAddBlack", "outcome", "allowed");

        Change change = change(() -> given().body(BLACK).post("/dispatch/beforeAddBlack").then().statusCode(200)
                .body("outcome", equalTo("allowed")));

        assertThat(change.of("imhook_callbacks_total",
                Map.of("key", "beforeAddBlack", "outcome", "allowed", "reason", "none"))).isEqualTo(1);
        assertThat(change.of("imhook_callback_roundtrip_seconds_count", roundTrip)).isEqualTo(1);
        assertThat(change.of("imhook_callback_roundtrip_seconds_sum", roundTrip)).isPositive();
        assertThat(value(change.after(), "imhook_callback_roundtrip_seconds_bucket",
                Map.of("key", "beforeAddBlack", "outcome", "allowed", "le", "+Inf")))
                .isEqualTo(value(change.after(), "imhook_callback_roundtrip_seconds_count", roundTrip));
    }

    @Test
    void aDenialIsCountedUnderItsOwnOutcome() {
        server.answer(operationID,
                "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"no\",\"errDlt\":\"\",\"nextCode\":1}");
        Map<String, String> denied = Map.of("key", "beforeAddBlack", "outcome", "denied");

        Change change = change(() -> given().header("operationID", operationID).body(BLACK).post("/dispatch/beforeAddBlack").then().statusCode(200)
                .body("outcome", equalTo("denied")));

        assertThat(change.of("imhook_callbacks_total", denied)).isEqualTo(1);
        assertThat(change.of("imhook_callback_roundtrip_seconds_count", denied)).isEqualTo(1);
        assertThat(change.of("imhook_callbacks_total", Map.of("key", "beforeAddBlack", "outcome", "allowed")))
                .isZero();
    }

    @Test
    void aFilteredEventIsCountedWithItsReasonAndMakesNoRoundTrip() {
        // webhooks-test.yml denies contentType 102 for beforeSendSingleMsg
        Change change = change(() -> given()
                .body("{\"sendID\":\"a\",\"recvID\":\"b\",\"sessionType\":1,\"contentType\":102}")
                .post("/dispatch/beforeSendSingleMsg").then().statusCode(200)
                .body("reason", equalTo("filtered")));

        assertThat(change.of("imhook_callbacks_total",
                Map.of("key", "beforeSendSingleMsg", "outcome", "skipped", "reason", "filtered"))).isEqualTo(1);
        assertThat(change.of("imhook_callback_roundtrip_seconds_count", Map.of("key", "beforeSendSingleMsg")))
                .isZero();
    }

    @Test
    void theAfterQueueShowsItsDepthAndRefusals() {
        String metrics = scrape();
        assertThat(has(metrics, "imhook_after_queue_depth")).isTrue();
        assertThat(has(metrics, "imhook_after_queue_refused")).isTrue();
    }
}
