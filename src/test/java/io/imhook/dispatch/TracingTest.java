package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One operationID followed from OpenIM through imhook to the business server: the trace OpenIM started (its
 * {@code traceparent}) goes on through the dispatch span and the exchange's client span to the business server.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class TracingTest {

    private static final String OPENIM_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OPENIM_TRACEPARENT = "00-" + OPENIM_TRACE + "-00f067aa0ba902b7-01";

    private final BusinessServer server = BusinessServer.instance();

    @Inject
    InMemorySpanExporter spans;

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void aBeforeCallbackIsOneTraceFromTheCallerToTheBusinessServer() {
        String operationID = BusinessServer.operationId("trace-before");
        given().header("operationID", operationID).header("traceparent", OPENIM_TRACEPARENT)
                .body("{\"sendID\":\"alice\",\"recvID\":\"bob\",\"sessionType\":1,\"contentType\":101,"
                        + "\"content\":\"{\\\"content\\\":\\\"hi\\\"}\"}")
                .post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).body("outcome", equalTo("allowed"));

        SpanData dispatch = awaitSpan("dispatch beforeSendSingleMsg", operationID);
        SpanData exchange = awaitSpan("POST callbackBeforeSendSingleMsgCommand", operationID);
        assertThat(dispatch.getTraceId()).isEqualTo(OPENIM_TRACE);
        assertThat(dispatch.getAttributes().get(CallbackSpans.KEY)).isEqualTo("beforeSendSingleMsg");
        assertThat(dispatch.getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("allowed");
        assertThat(dispatch.getAttributes().get(CallbackSpans.REASON)).isEqualTo("none");
        SpanData request = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(dispatch.getParentSpanId())).findFirst().orElseThrow();
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);

        assertThat(exchange.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(exchange.getTraceId()).isEqualTo(OPENIM_TRACE);
        assertThat(exchange.getParentSpanId()).isEqualTo(dispatch.getSpanId());
        assertThat(exchange.getAttributes().get(CallbackSpans.KEY)).isEqualTo("beforeSendSingleMsg");
        assertThat(exchange.getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("allowed");
        assertThat(exchange.getAttributes().get(CallbackSpans.HTTP_STATUS)).isEqualTo(200L);

        assertThat(server.awaitRequest(operationID).header("traceparent"))
                .isEqualTo("00-" + OPENIM_TRACE + "-" + exchange.getSpanId() + "-01");
    }

    @Test
    void aCallbackThroughTheGatewayIsTracedTheSameWay() {
        String operationID = BusinessServer.operationId("trace-gateway");
        given().header("Operationid", operationID).header("traceparent", OPENIM_TRACEPARENT)
                .contentType("application/json; charset=utf-8")
                .body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}\n")
                .post("/openim/callbackBeforeAddBlackCommand")
                .then().statusCode(200);

        SpanData dispatch = awaitSpan("dispatch beforeAddBlack", operationID);
        SpanData exchange = awaitSpan("POST callbackBeforeAddBlackCommand", operationID);
        assertThat(dispatch.getTraceId()).isEqualTo(OPENIM_TRACE);
        assertThat(dispatch.getAttributes().get(CallbackSpans.INGRESS)).isEqualTo("gateway");
        assertThat(dispatch.getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("allowed");
        SpanData request = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(dispatch.getParentSpanId())).findFirst().orElseThrow();
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(exchange.getParentSpanId()).isEqualTo(dispatch.getSpanId());
        assertThat(server.awaitRequest(operationID).header("traceparent"))
                .isEqualTo("00-" + OPENIM_TRACE + "-" + exchange.getSpanId() + "-01");
    }

    @Test
    void aFailedBeforeCallbackCarriesItsReason() {
        String operationID = BusinessServer.operationId("trace-failed");
        server.answer(operationID, 502, "bad gateway");
        given().header("operationID", operationID).body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}")
                .post("/dispatch/beforeAddFriend")
                .then().statusCode(200).body("outcome", equalTo("failed")).body("reason", equalTo("httpStatus"));

        SpanData dispatch = awaitSpan("dispatch beforeAddFriend", operationID);
        SpanData exchange = awaitSpan("POST callbackBeforeAddFriendCommand", operationID);
        assertThat(dispatch.getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("failed");
        assertThat(dispatch.getAttributes().get(CallbackSpans.REASON)).isEqualTo("httpStatus");
        assertThat(exchange.getAttributes().get(CallbackSpans.REASON)).isEqualTo("httpStatus");
        assertThat(exchange.getAttributes().get(CallbackSpans.HTTP_STATUS)).isEqualTo(502L);
    }

    @Test
    void eachAfterCallbackAttemptIsAChildOfTheDispatchThatQueuedIt() {
        String operationID = BusinessServer.operationId("trace-after");
        server.script(operationID, Answer.status(503), Answer.allow());
        given().header("operationID", operationID).header("traceparent", OPENIM_TRACEPARENT)
                .body("{\"userID\":\"u1\",\"nickName\":\"n\"}")
                .post("/dispatch/afterUpdateUserInfoEx")
                .then().statusCode(202).body("outcome", equalTo("queued"));

        SpanData dispatch = awaitSpan("dispatch afterUpdateUserInfoEx", operationID);
        assertThat(dispatch.getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("queued");
        List<SpanData> attempts = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> spansOf("POST callbackAfterUpdateUserInfoExCommand", operationID),
                        found -> found.size() >= 2);
        attempts = attempts.stream().sorted(Comparator.comparing(span -> span.getAttributes()
                .get(CallbackSpans.ATTEMPT))).toList();
        for (SpanData attempt : attempts) {
            assertThat(attempt.getTraceId()).isEqualTo(OPENIM_TRACE);
            assertThat(attempt.getParentSpanId()).isEqualTo(dispatch.getSpanId());
            assertThat(attempt.getAttributes().get(CallbackSpans.KEY)).isEqualTo("afterUpdateUserInfoEx");
        }
        assertThat(attempts.get(0).getAttributes().get(CallbackSpans.ATTEMPT)).isEqualTo(1L);
        assertThat(attempts.get(0).getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("failed");
        assertThat(attempts.get(0).getAttributes().get(CallbackSpans.REASON)).isEqualTo("httpStatus");
        assertThat(attempts.get(1).getAttributes().get(CallbackSpans.ATTEMPT)).isEqualTo(2L);
        assertThat(attempts.get(1).getAttributes().get(CallbackSpans.OUTCOME)).isEqualTo("delivered");

        List<BusinessServer.Received> received = server.awaitRequests(operationID, 2);
        for (int i = 0; i < 2; i++) {
            assertThat(received.get(i).header("traceparent"))
                    .isEqualTo("00-" + OPENIM_TRACE + "-" + attempts.get(i).getSpanId() + "-01");
        }
    }

    private SpanData awaitSpan(String name, String operationID) {
        return await(name + " of " + operationID).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> spansOf(name, operationID), found -> !found.isEmpty()).get(0);
    }

    private List<SpanData> spansOf(String name, String operationID) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name))
                .filter(span -> operationID.equals(span.getAttributes().get(CallbackSpans.OPERATION_ID)))
                .toList();
    }
}
