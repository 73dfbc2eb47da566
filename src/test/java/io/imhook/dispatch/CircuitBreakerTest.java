package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** The circuit breaker in front of the business server's base url, shared by all keys. */
@QuarkusTest
@TestProfile(CircuitBreakerTest.SmallBreaker.class)
@WithTestResource(BusinessServerResource.class)
public class CircuitBreakerTest {

    public static class SmallBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.circuit-breaker.enabled", "true",
                    "imhook.dispatch.circuit-breaker.request-volume-threshold", "4",
                    "imhook.dispatch.circuit-breaker.failure-ratio", "0.5",
                    "imhook.dispatch.circuit-breaker.delay", "4s",
                    "imhook.dispatch.circuit-breaker.success-threshold", "1");
        }
    }

    private final BusinessServer server = BusinessServer.instance();

    private static ValidatableResponse addFriend(String operationID) {
        return given().header("operationID", operationID).body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}").post("/dispatch/beforeAddFriend")
                .then().statusCode(200);
    }

    @Test
    void opensAfterTimeoutsDecidesInMillisecondsAndClosesWhenTheServerRecovers() {
        // beforeAddFriend has a 1 s timeout: four timeouts, at once, fill the breaker's window of four calls
        String hanging = BusinessServer.operationId("breaker-timeout");
        server.neverAnswer(hanging);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<ValidatableResponse>> calls = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> addFriend(hanging), callers)).toList();
            calls.forEach(call -> call.join().body("outcome", equalTo("failed")).body("reason", equalTo("timeout")));
        } finally {
            callers.shutdownNow();
        }
        assertThat(server.requestsFor(hanging)).hasSize(4);
        assertThat(CircuitBreakerMaintenance.get().currentState(CallbackGuards.breakerName(server.url())))
                .isEqualTo(CircuitBreakerState.OPEN);

        String whileOpen = BusinessServer.operationId("breaker-open");
        // decided at once: well under the 1 s timeout the closed breaker would have waited for
        addFriend(whileOpen).body("outcome", equalTo("failed"))
                .body("reason", equalTo("circuitOpen"))
                .body("proceed", equalTo(true))
                .body("elapsedMs", lessThan(1000));
        // the breaker is per base url: another key is decided at once too, by its own failedContinue (false)
        given().header("operationID", whileOpen).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack")
                .then().statusCode(200)
                .body("reason", equalTo("circuitOpen"))
                .body("proceed", equalTo(false))
                .body("errCode", equalTo(90004))
                .body("elapsedMs", lessThan(1000));
        assertThat(server.requestsFor(whileOpen)).isEmpty();

        server.release();
        String recovered = BusinessServer.operationId("breaker-recovered");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> addFriend(recovered).body("outcome", equalTo("allowed")));
        addFriend(recovered).body("outcome", equalTo("allowed"));
        addFriend(recovered).body("outcome", equalTo("allowed"));
        assertThat(CircuitBreakerMaintenance.get().currentState(CallbackGuards.breakerName(server.url())))
                .isEqualTo(CircuitBreakerState.CLOSED);
    }
}
