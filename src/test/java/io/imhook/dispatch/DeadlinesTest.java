package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/** A callback's timeout on a Vert.x timer, with {@code @Timeout}'s semantics. */
class DeadlinesTest {

    private static Vertx vertx;
    private static Deadlines deadlines;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        deadlines = new Deadlines(vertx);
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void anAnswerInTimeIsPassedOnAndItsFailureToo() {
        assertThat(deadlines.within(Duration.ofSeconds(5), () -> Uni.createFrom().item("answer")).await()
                .atMost(Duration.ofSeconds(5))).isEqualTo("answer");
        assertThatThrownBy(() -> deadlines.within(Duration.ofSeconds(5),
                () -> Uni.createFrom().<String> failure(new IllegalStateException("refused"))).await()
                .atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class).hasMessage("refused");
    }

    @Test
    void aLateExchangeIsCancelledAndFailsWithFaultTolerancesTimeout() {
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        assertThatThrownBy(() -> deadlines.within(Duration.ofMillis(200),
                () -> Uni.createFrom().<String> nothing().onCancellation().invoke(() -> cancelled.set(true)))
                .await().atMost(Duration.ofSeconds(5))).isInstanceOf(TimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(cancelled).isTrue();
    }

    @Test
    void aCallerThatLeavesCancelsTheExchange() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        Cancellable subscription = deadlines.within(Duration.ofSeconds(30),
                () -> Uni.createFrom().<String> nothing().onCancellation().invoke(cancelled::countDown))
                .subscribe().with(item -> {
                });
        subscription.cancel();

        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anActionThatThrowsFailsTheUni() {
        assertThatThrownBy(() -> deadlines.within(Duration.ofSeconds(5), () -> {
            throw new IllegalArgumentException("thrown");
        }).await().atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
