package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksFile;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.impl.NoStackTraceTimeoutException;

/**
 * How the guards classify a failed exchange and decide it, without Quarkus: SmallRye Fault Tolerance runs here on
 * its standalone implementation (a test dependency), whose breaker registry is one per JVM. So every test uses a
 * base url of its own, which also keeps the breakers of different tests apart.
 * <p>
 * In {@code webhooks-test.yml} beforeAddFriend ({@code failedContinue: true}) and beforeAddBlack ({@code false})
 * have a 1 s timeout, beforeSendSingleMsg 5 s.
 */
class CallbackGuardsTest {

    private static final WebhookSettings SETTINGS = new WebhookSettings(
            WebhooksFile.load("classpath:webhooks-test.yml", new SmallRyeConfigBuilder().build()));
    private static final CallbackType ADD_FRIEND = CallbackCatalogue.byKey("beforeAddFriend").orElseThrow();
    private static final CallbackType ADD_BLACK = CallbackCatalogue.byKey("beforeAddBlack").orElseThrow();
    private static final CallbackType SEND_SINGLE = CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow();
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** Only guards against a hang: a verdict that needs a timeout arrives after about 1 s. */
    private static final Duration HANG = Duration.ofSeconds(30);
    private static final Verdict ALLOWED = Verdict.allowed(JsonNodeFactory.instance.objectNode());

    private final String baseUrl = "http://business-server.test/" + UUID.randomUUID();

    private static DispatchConfig dispatchConfig(Map<String, String> properties) {
        return TestDispatchConfig.with(properties);
    }

    /** A breaker that opens after two failures out of two calls and stays open for the rest of the test. */
    private static CallbackGuards guardsWithASmallBreaker() {
        return new CallbackGuards(SETTINGS, dispatchConfig(Map.of(
                "imhook.dispatch.circuit-breaker.request-volume-threshold", "2",
                "imhook.dispatch.circuit-breaker.failure-ratio", "0.5",
                "imhook.dispatch.circuit-breaker.delay", "10m",
                "imhook.dispatch.circuit-breaker.success-threshold", "1")), TestDeadlines.DEADLINES);
    }

    private static Verdict decide(CallbackGuards guards, CallbackType type, String baseUrl,
            Supplier<Uni<Verdict>> exchange) {
        return guards.guardedBefore(type, baseUrl, 0, exchange).await().atMost(HANG);
    }

    private static Supplier<Uni<Verdict>> refused(AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new ConnectException("Connection refused"));
        };
    }

    private CircuitBreakerState breakerState() {
        return CircuitBreakerMaintenance.get().currentState(CallbackGuards.breakerName(baseUrl));
    }

    // --- classification of whatever ended an exchange

    static Stream<Arguments> timeouts() {
        return Stream.of(
                Arguments.of("the guard's timeout",
                        new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException("timed out")),
                Arguments.of("a plain TimeoutException", new TimeoutException()),
                Arguments.of("the Vert.x web client's request timeout", new NoStackTraceTimeoutException(
                        "The timeout period of 2000ms has been exceeded while executing POST /cb for server h:80")),
                Arguments.of("Netty's connect timeout",
                        new ConnectTimeoutException("connection timed out after 2000 ms: h/10.0.0.1:80")),
                Arguments.of("Netty's TLS handshake timeout",
                        new SslHandshakeTimeoutException("handshake timed out after 10000ms")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timeouts")
    void timeoutsAreClassifiedByType(String what, Throwable failure) {
        ExchangeFailure classified = CallbackGuards.asExchangeFailure(failure, ONE_SECOND);
        assertThat(classified.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(classified.errCode()).isEqualTo(90004);
        assertThat(classified.errMsg()).isEqualTo("NetworkError");
        assertThat(classified).hasMessage("no reply within 1000 ms");
        assertThat(classified.errDlt()).isEqualTo("no reply within 1000 ms");
    }

    /** Named like a timeout, but nothing the transport throws for one. */
    private static final class IdleTimeoutNotice extends RuntimeException {
        IdleTimeoutNotice() {
            super("connection reset while idle");
        }
    }

    @Test
    void aTimeoutInTheClassNameAloneIsNotATimeout() {
        ExchangeFailure classified = CallbackGuards.asExchangeFailure(new IdleTimeoutNotice(), ONE_SECOND);
        assertThat(classified.reason()).isEqualTo(Reason.CONNECT);
        assertThat(classified).hasMessage("connection reset while idle");
    }

    @Test
    void transportErrorsAreConnectFailuresDescribedByTheirMessage() {
        ExchangeFailure refused = CallbackGuards.asExchangeFailure(
                new ConnectException("Connection refused: h/10.0.0.1:80"), ONE_SECOND);
        assertThat(refused.reason()).isEqualTo(Reason.CONNECT);
        assertThat(refused.errCode()).isEqualTo(90004);
        assertThat(refused).hasMessage("Connection refused: h/10.0.0.1:80");
        // the IM user may see errDlt: no internal address in it
        assertThat(refused.errDlt()).isEqualTo("the business server could not be reached").doesNotContain("10.0.0.1");
        assertThat(CallbackGuards.asExchangeFailure(new IOException(), ONE_SECOND)).hasMessage("IOException");
    }

    @Test
    void openBreakerAndFullBulkheadHaveTheirOwnReasons() {
        assertThat(CallbackGuards.asExchangeFailure(new CircuitBreakerOpenException(), ONE_SECOND).reason())
                .isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(CallbackGuards.asExchangeFailure(new BulkheadException(), ONE_SECOND).reason())
                .isEqualTo(Reason.OVERLOADED);
    }

    @Test
    void onlyFailuresOfTheBusinessServerCountAgainstItsBreaker() {
        assertThat(CallbackGuards.countsAgainstTheServer(new TimeoutException())).isTrue();
        assertThat(CallbackGuards.countsAgainstTheServer(new IOException("Connection refused"))).isTrue();
        assertThat(CallbackGuards.countsAgainstTheServer(ExchangeFailure.httpStatus(503))).isTrue();
        assertThat(CallbackGuards.countsAgainstTheServer(ExchangeFailure.httpStatus(500))).isTrue();
        // a 4xx (or a 3xx) is an answer of a live server, and what a caller can provoke at will
        assertThat(CallbackGuards.countsAgainstTheServer(ExchangeFailure.httpStatus(400))).isFalse();
        assertThat(CallbackGuards.countsAgainstTheServer(ExchangeFailure.httpStatus(404))).isFalse();
        assertThat(CallbackGuards.countsAgainstTheServer(ExchangeFailure.httpStatus(429))).isFalse();
        assertThat(CallbackGuards.countsAgainstTheServer(ExchangeFailure.httpStatus(302))).isFalse();
        assertThat(CallbackGuards.countsAgainstTheServer(new BulkheadException())).isFalse();
        assertThat(CallbackGuards.countsAgainstTheServer(
                new ExchangeFailure(Reason.BAD_REPLY, 90007, "DataError", "x", "x"))).isFalse();
        assertThat(CallbackGuards.countsAgainstTheServer(
                new ExchangeFailure(Reason.ACTION_CODE, 5001, "busy", "", "x"))).isFalse();
    }

    @Test
    void anExchangeFailureIsKeptAsItIs() {
        ExchangeFailure badReply = new ExchangeFailure(Reason.BAD_REPLY, 90007, "DataError", "x", "x");
        assertThat(CallbackGuards.asExchangeFailure(badReply, ONE_SECOND)).isSameAs(badReply);
    }

    // --- the guards at work, with exchanges that fail or never answer

    @Test
    void anAnswerPassesThroughUnchanged() {
        CallbackGuards guards = guardsWithASmallBreaker();
        assertThat(decide(guards, ADD_BLACK, baseUrl, () -> Uni.createFrom().item(ALLOWED))).isSameAs(ALLOWED);
    }

    @Test
    void anExchangeThatNeverAnswersTimesOutAndProceedsWithFailedContinue() {
        Verdict verdict = decide(guardsWithASmallBreaker(), ADD_FRIEND, baseUrl, () -> Uni.createFrom().nothing());
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(verdict.proceed()).isTrue();
        assertThat(verdict.errCode()).isZero();
        assertThat(verdict.detail()).isEqualTo("no reply within 1000 ms");
    }

    @Test
    void anAnswerLaterThanTheTimeoutBlocksWithoutFailedContinue() {
        Verdict verdict = decide(guardsWithASmallBreaker(), ADD_BLACK, baseUrl,
                () -> Uni.createFrom().item(ALLOWED).onItem().delayIt().by(Duration.ofMinutes(1)));
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(verdict.proceed()).isFalse();
        assertThat(verdict.errCode()).isEqualTo(90004);
        assertThat(verdict.errMsg()).isEqualTo("NetworkError");
        assertThat(verdict.errDlt()).isEqualTo("no reply within 1000 ms");
    }

    @Test
    void aFailedReplyIsDecidedWithTheReceiversCodes() {
        ExchangeFailure actionCode = new ExchangeFailure(Reason.ACTION_CODE, 5001, "cannot handle", "busy", "x");
        Verdict verdict = decide(guardsWithASmallBreaker(), ADD_BLACK, baseUrl,
                () -> Uni.createFrom().failure(actionCode));
        assertThat(verdict.reason()).isEqualTo(Reason.ACTION_CODE);
        assertThat(verdict.proceed()).isFalse();
        assertThat(verdict.errCode()).isEqualTo(5001);
        assertThat(verdict.errMsg()).isEqualTo("cannot handle");
    }

    @Test
    void breakerOpensAfterTransportFailuresAndIsReadableByName() {
        CallbackGuards guards = guardsWithASmallBreaker();
        AtomicInteger calls = new AtomicInteger();
        assertThat(decide(guards, ADD_FRIEND, baseUrl, refused(calls)).reason()).isEqualTo(Reason.CONNECT);
        assertThat(breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(decide(guards, ADD_FRIEND, baseUrl, refused(calls)).reason()).isEqualTo(Reason.CONNECT);
        assertThat(breakerState()).isEqualTo(CircuitBreakerState.OPEN);

        Verdict verdict = decide(guards, ADD_FRIEND, baseUrl, refused(calls));
        assertThat(verdict.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(verdict.proceed()).isTrue();
        assertThat(calls).hasValue(2);
    }

    @Test
    void breakerIsPerBaseUrlAndSharedByAllKeys() {
        CallbackGuards guards = guardsWithASmallBreaker();
        AtomicInteger calls = new AtomicInteger();
        decide(guards, ADD_FRIEND, baseUrl, refused(calls));
        decide(guards, ADD_FRIEND, baseUrl, refused(calls));

        Verdict otherKey = decide(guards, ADD_BLACK, baseUrl, refused(calls));
        assertThat(otherKey.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(otherKey.proceed()).isFalse();
        assertThat(otherKey.errCode()).isEqualTo(90004);
        assertThat(calls).hasValue(2);

        String otherUrl = baseUrl + "-other";
        assertThat(decide(guards, ADD_FRIEND, otherUrl, () -> Uni.createFrom().item(ALLOWED))).isSameAs(ALLOWED);
        assertThat(CircuitBreakerMaintenance.get().currentState(CallbackGuards.breakerName(otherUrl)))
                .isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void badRepliesComeFromALiveServerAndDoNotOpenTheBreaker() {
        CallbackGuards guards = guardsWithASmallBreaker();
        ExchangeFailure badReply = new ExchangeFailure(Reason.BAD_REPLY, 90007, "DataError", "x", "x");
        for (int i = 0; i < 4; i++) {
            assertThat(decide(guards, ADD_FRIEND, baseUrl, () -> Uni.createFrom().failure(badReply)).reason())
                    .isEqualTo(Reason.BAD_REPLY);
        }
        assertThat(breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void resetBreakersClosesAnOpenBreaker() {
        CallbackGuards guards = guardsWithASmallBreaker();
        AtomicInteger calls = new AtomicInteger();
        decide(guards, ADD_FRIEND, baseUrl, refused(calls));
        decide(guards, ADD_FRIEND, baseUrl, refused(calls));
        assertThat(breakerState()).isEqualTo(CircuitBreakerState.OPEN);

        guards.resetBreakers();

        assertThat(breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(decide(guards, ADD_FRIEND, baseUrl, () -> Uni.createFrom().item(ALLOWED))).isSameAs(ALLOWED);
    }

    @Test
    void breakerNameIsThePrefixAndTheBaseUrl() {
        assertThat(CallbackGuards.breakerName("http://127.0.0.1:10006/callbackExample"))
                .isEqualTo("imhook-breaker:http://127.0.0.1:10006/callbackExample");
    }

    @Test
    void withTheBreakerDisabledFailuresNeverOpenOneAndNoneIsRegistered() {
        CallbackGuards guards = new CallbackGuards(SETTINGS,
                dispatchConfig(Map.of("imhook.dispatch.circuit-breaker.enabled", "false")), TestDeadlines.DEADLINES);
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 25; i++) {
            assertThat(decide(guards, ADD_FRIEND, baseUrl, refused(calls)).reason()).isEqualTo(Reason.CONNECT);
        }
        assertThat(calls).hasValue(25);
        guards.resetBreakers();
        assertThatThrownBy(this::breakerState).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullBulkheadDecidesAtOnce() {
        CallbackGuards guards = new CallbackGuards(SETTINGS, dispatchConfig(Map.of(
                "imhook.dispatch.bulkhead.limit", "1",
                "imhook.dispatch.bulkhead.queue-size", "1")), TestDeadlines.DEADLINES);
        // beforeSendSingleMsg has a 5 s timeout: both hold their slot far longer than the third call takes
        guards.guardedBefore(SEND_SINGLE, baseUrl, 0, () -> Uni.createFrom().nothing()).subscribe().with(verdict -> {
        });
        guards.guardedBefore(SEND_SINGLE, baseUrl, 0, () -> Uni.createFrom().nothing()).subscribe().with(verdict -> {
        });
        AtomicInteger calls = new AtomicInteger();

        Verdict verdict = decide(guards, SEND_SINGLE, baseUrl, () -> {
            calls.incrementAndGet();
            return Uni.createFrom().item(ALLOWED);
        });

        assertThat(verdict.reason()).isEqualTo(Reason.OVERLOADED);
        assertThat(verdict.proceed()).isTrue();
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest
    @MethodSource("emptyBulkheads")
    void aBulkheadWithoutRoomStopsTheServiceNamingTheSetting(String property) {
        DispatchConfig config = dispatchConfig(Map.of(property, "0"));

        assertThatThrownBy(() -> new CallbackGuards(SETTINGS, config, TestDeadlines.DEADLINES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(property + " must be at least 1, was 0");
    }

    static Stream<String> emptyBulkheads() {
        return Stream.of("imhook.dispatch.bulkhead.limit", "imhook.dispatch.bulkhead.queue-size");
    }

    @Test
    void aKeyWithNoShareStillGetsOneCallInFlightAndOneWaiting() {
        CallbackGuards guards = new CallbackGuards(SETTINGS, dispatchConfig(Map.of(
                "imhook.dispatch.bulkhead.per-key-share", "0")), TestDeadlines.DEADLINES);

        Verdict verdict = decide(guards, ADD_FRIEND, "http://share.test", () -> Uni.createFrom().item(ALLOWED));

        assertThat(verdict.reason()).isNotEqualTo(Reason.OVERLOADED);
    }
}
