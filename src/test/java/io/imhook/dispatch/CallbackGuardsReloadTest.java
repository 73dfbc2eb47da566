package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.config.reload.SnapshotDiff;
import io.imhook.config.reload.WebhooksReloaded;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

/**
 * What a reload does to the guards, without Quarkus (SmallRye FT standalone, one breaker registry per JVM: every
 * test has base urls of its own): per-key guards come from the snapshot a callback started with, the breaker of
 * a url that stays keeps its state, the breaker of a removed url is dropped.
 */
class CallbackGuardsReloadTest {

    private static final CallbackType ADD_FRIEND = CallbackCatalogue.byKey("beforeAddFriend").orElseThrow();
    private static final Duration HANG = Duration.ofSeconds(30);

    private final String urlA = "http://business-a.test/" + UUID.randomUUID();
    private final String urlB = "http://business-b.test/" + UUID.randomUUID();

    private static WebhooksSnapshot snapshot(String url, int friendTimeoutSeconds) {
        String yaml = """
                url: %s
                beforeAddFriend:
                  enable: true
                  timeout: %d
                """.formatted(url, friendTimeoutSeconds);
        return WebhooksSnapshot.load("test.yml", yaml.getBytes(StandardCharsets.UTF_8),
                new SmallRyeConfigBuilder().build());
    }

    /** A breaker that opens after two failures out of two calls and stays open for the rest of the test. */
    private static CallbackGuards guards(WebhookSettings settings) {
        DispatchConfig config = TestDispatchConfig.with(Map.of(
                "imhook.dispatch.circuit-breaker.request-volume-threshold", "2",
                "imhook.dispatch.circuit-breaker.failure-ratio", "0.5",
                "imhook.dispatch.circuit-breaker.delay", "10m",
                "imhook.dispatch.circuit-breaker.success-threshold", "1"));
        return new CallbackGuards(settings, config, TestDeadlines.DEADLINES);
    }

    private static void reload(WebhookSettings settings, CallbackGuards guards, WebhooksSnapshot next) {
        WebhooksSnapshot previous = settings.replace(next);
        guards.reloaded(new WebhooksReloaded(previous, next, SnapshotDiff.between(previous, next)));
    }

    private static void openBreaker(CallbackGuards guards, String url) {
        for (int i = 0; i < 2; i++) {
            guards.guardedBefore(ADD_FRIEND, url, 0,
                    () -> Uni.createFrom().failure(new ConnectException("Connection refused")))
                    .await().atMost(HANG);
        }
    }

    private static CircuitBreakerState state(String url) {
        return CircuitBreakerMaintenance.get().currentState(CallbackGuards.breakerName(url));
    }

    @Test
    void aBreakerOfAUrlThatStaysKeepsItsState() {
        WebhookSettings settings = new WebhookSettings(snapshot(urlA, 5));
        CallbackGuards guards = guards(settings);
        openBreaker(guards, urlA);
        assertThat(state(urlA)).isEqualTo(CircuitBreakerState.OPEN);

        reload(settings, guards, snapshot(urlA, 3));

        assertThat(state(urlA)).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(guards.breakerStates()).containsExactly(Map.entry(urlA, CircuitBreakerState.OPEN));
        Verdict verdict = guards.guardedBefore(ADD_FRIEND, urlA, 0, () -> Uni.createFrom().item(
                Verdict.allowed(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())))
                .await().atMost(HANG);
        assertThat(verdict.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
    }

    @Test
    void theBreakerOfARemovedUrlIsDroppedAndANewUrlStartsClosed() {
        WebhookSettings settings = new WebhookSettings(snapshot(urlA, 5));
        CallbackGuards guards = guards(settings);
        openBreaker(guards, urlA);

        reload(settings, guards, snapshot(urlB, 5));

        assertThat(state(urlA)).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(guards.breakerStates()).containsExactly(Map.entry(urlB, CircuitBreakerState.CLOSED));

        // back again later: the same guard (SmallRye allows one breaker per name), starting closed
        reload(settings, guards, snapshot(urlA, 5));
        assertThat(guards.breakerStates()).containsExactly(Map.entry(urlA, CircuitBreakerState.CLOSED));
        openBreaker(guards, urlA);
        assertThat(state(urlA)).isEqualTo(CircuitBreakerState.OPEN);
    }

    @Test
    void aCallbackKeepsTheTimeoutOfTheSnapshotItStartedWithAndTheNextOneGetsTheNew() {
        WebhooksSnapshot started = snapshot(urlA, 2);
        WebhookSettings settings = new WebhookSettings(started);
        CallbackGuards guards = guards(settings);
        reload(settings, guards, snapshot(urlA, 1));

        Verdict inFlight = guards.guardedBefore(started, ADD_FRIEND, urlA, 0, () -> Uni.createFrom().nothing())
                .await().atMost(HANG);
        Verdict next = guards.guardedBefore(ADD_FRIEND, urlA, 0, () -> Uni.createFrom().nothing())
                .await().atMost(HANG);

        assertThat(inFlight.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(inFlight.detail()).isEqualTo("no reply within 2000 ms");
        assertThat(next.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(next.detail()).isEqualTo("no reply within 1000 ms");
    }
}
