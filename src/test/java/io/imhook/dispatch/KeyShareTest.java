package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

class KeyShareTest {

    /** Actions that end when the test says so, in the order they were started. */
    private final List<UniEmitter<? super String>> started = new ArrayList<>();
    private final AtomicInteger cancelled = new AtomicInteger();

    private Uni<String> held() {
        return Uni.createFrom().<String> emitter(started::add).onCancellation().invoke(cancelled::incrementAndGet);
    }

    private static final class Outcome {
        final AtomicReference<String> item = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Cancellable subscription;
    }

    private Outcome submit(KeyShare share, String name) {
        Outcome outcome = new Outcome();
        outcome.subscription = share.run(() -> held().map(ignored -> name))
                .subscribe().with(outcome.item::set, outcome.failure::set);
        return outcome;
    }

    @Test
    void runsUpToTheLimitQueuesUpToTheQueueSizeAndRefusesTheRest() {
        KeyShare share = new KeyShare(2, 1);

        Outcome first = submit(share, "first");
        Outcome second = submit(share, "second");
        Outcome third = submit(share, "third");
        Outcome fourth = submit(share, "fourth");

        assertThat(started).hasSize(2);
        assertThat(third.item).hasValue(null);
        assertThat(third.failure).hasValue(null);
        assertThat(fourth.failure.get()).isInstanceOf(KeyShare.KeyShareFullException.class)
                .isInstanceOf(org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException.class);

        started.get(0).complete("done");
        assertThat(first.item).hasValue("first");
        assertThat(started).as("the waiting call takes the freed slot").hasSize(3);
        started.get(2).complete("done");
        assertThat(third.item).hasValue("third");
        assertThat(second.item).hasValue(null);
    }

    @Test
    void aFailedCallFreesItsSlotAndPassesItsFailureOn() {
        KeyShare share = new KeyShare(1, 1);
        Outcome first = submit(share, "first");
        Outcome second = submit(share, "second");

        started.get(0).fail(new IllegalStateException("boom"));

        assertThat(first.failure.get()).hasMessage("boom");
        assertThat(started).hasSize(2);
        started.get(1).complete("done");
        assertThat(second.item).hasValue("second");
    }

    @Test
    void waitingCallsStartInArrivalOrder() {
        KeyShare share = new KeyShare(1, 3);
        submit(share, "running");
        Outcome a = submit(share, "a");
        Outcome b = submit(share, "b");
        Outcome c = submit(share, "c");

        started.get(0).complete("done");
        started.get(1).complete("done");
        assertThat(a.item).hasValue("a");
        assertThat(b.item).hasValue(null);
        started.get(2).complete("done");
        started.get(3).complete("done");
        assertThat(b.item).hasValue("b");
        assertThat(c.item).hasValue("c");
    }

    @Test
    void aCancelledWaitingCallLeavesItsPlaceAndIsNeverStarted() {
        KeyShare share = new KeyShare(1, 1);
        submit(share, "running");
        Outcome waiting = submit(share, "waiting");

        waiting.subscription.cancel();
        Outcome next = submit(share, "next");
        assertThat(next.failure).as("the cancelled call's place is free").hasValue(null);

        started.get(0).complete("done");
        assertThat(started).hasSize(2);
        started.get(1).complete("done");
        assertThat(next.item).hasValue("next");
        assertThat(waiting.item).hasValue(null);
    }

    @Test
    void aCancelledRunningCallIsCancelledAndItsSlotGoesToTheNext() {
        KeyShare share = new KeyShare(1, 1);
        Outcome running = submit(share, "running");
        Outcome waiting = submit(share, "waiting");

        running.subscription.cancel();

        assertThat(cancelled).hasValue(1);
        assertThat(started).hasSize(2);
        started.get(1).complete("done");
        assertThat(waiting.item).hasValue("waiting");
        assertThat(submit(share, "after").failure).hasValue(null);
    }

    @Test
    void anActionThatThrowsFailsItsCallAndFreesTheSlot() {
        KeyShare share = new KeyShare(1, 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        share.<String> run(() -> {
            throw new IllegalArgumentException("bad");
        }).subscribe().with(item -> {
        }, failure::set);

        assertThat(failure.get()).hasMessage("bad");
        assertThat(submit(share, "next").failure).hasValue(null);
        assertThat(started).hasSize(1);
    }
}
