package io.imhook.dispatch.after.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.PayloadCodec;
import io.imhook.dispatch.Ingress;
import io.imhook.dispatch.TestDispatchConfig;
import io.imhook.dispatch.after.AfterQueueBackend;
import io.imhook.dispatch.after.AfterQueueFullException;
import io.imhook.dispatch.after.Delivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The memory backend's byte budgets: an offer past {@code capacity-bytes} is refused as a full queue is, and the
 * bytes come back when an event is finished; dead letters past {@code dead-letter-capacity-bytes} are evicted,
 * counted once as discarded (the ledger) and once in the eviction metric. The queue is a recording stand-in.
 */
class MemoryBackendTest {

    /** Records what the backend hands over, and keeps the ledger's discarded count. */
    static final class RecordingIntake implements AfterQueueBackend.Intake {
        final List<Object> tokens = new ArrayList<>();
        int discarded;
        boolean countFull;

        @Override
        public void admit(Delivery delivery, Object token, boolean bounded) {
            if (countFull) {
                throw new AfterQueueFullException(delivery.type().key(), "queue full");
            }
            tokens.add(token);
        }

        @Override
        public boolean readmit(Delivery delivery, Object token) {
            if (countFull) {
                return false;
            }
            tokens.add(token);
            return true;
        }

        @Override
        public void discarded(Delivery delivery) {
            discarded++;
        }

        @Override
        public long pending() {
            return tokens.size();
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingIntake intake = new RecordingIntake();
    private MemoryBackend backend;

    @BeforeEach
    void start() {
        backend = new MemoryBackend(TestDispatchConfig.with(Map.of(
                "imhook.dispatch.after-queue.capacity-bytes", "1000",
                "imhook.dispatch.after-queue.dead-letter-capacity-bytes", "600")), registry);
        backend.start(intake);
    }

    static Delivery delivery(String operationID, int size) {
        String head = "{\"groupID\":\"g1\",\"userID\":\"u1\",\"pad\":\"";
        String body = head + "x".repeat(size - head.length() - 2) + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        return new Delivery(CallbackCatalogue.byKey("afterQuitGroup").orElseThrow(), operationID, null, bytes,
                PayloadCodec.read(bytes, JsonNode.class), Ingress.DISPATCH, null);
    }

    private double pendingBytes() {
        return registry.get("imhook.after.queue.pending.bytes").gauge().value();
    }

    private double evicted(String limit) {
        var counter = registry.find(MemoryBackend.EVICTED_METRIC).tag("limit", limit).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anOfferPastTheByteBudgetIsRefusedAsAFullQueue() {
        backend.store(delivery("a", 400)).await().indefinitely();
        backend.store(delivery("b", 400)).await().indefinitely();
        assertThat(pendingBytes()).isEqualTo(800);

        assertThatThrownBy(() -> backend.store(delivery("c", 400)).await().indefinitely())
                .isInstanceOf(AfterQueueFullException.class)
                .hasMessageContaining("afterQuitGroup").hasMessageContaining("800 of 1000 body bytes");
        assertThat(intake.tokens).hasSize(2);
        assertThat(pendingBytes()).isEqualTo(800);
        // a smaller one still fits
        backend.store(delivery("d", 200)).await().indefinitely();
        assertThat(pendingBytes()).isEqualTo(1000);
    }

    @Test
    void finishedEventsGiveTheirBytesBack() {
        backend.store(delivery("a", 600)).await().indefinitely();
        assertThatThrownBy(() -> backend.store(delivery("b", 600)).await().indefinitely())
                .isInstanceOf(AfterQueueFullException.class);
        backend.finished(intake.tokens.get(0));
        assertThat(pendingBytes()).isZero();
        backend.store(delivery("b", 600)).await().indefinitely();
        assertThat(pendingBytes()).isEqualTo(600);
    }

    @Test
    void aRefusalByTheCountTakesNoBytes() {
        intake.countFull = true;
        assertThatThrownBy(() -> backend.store(delivery("a", 400)).await().indefinitely())
                .isInstanceOf(AfterQueueFullException.class).hasMessageContaining("queue full");
        assertThat(pendingBytes()).isZero();
    }

    @Test
    void deadLettersPastTheirByteBudgetAreEvictedCountedAsDiscarded() {
        backend.deadLetter(delivery("a", 300), 3, "503").await().indefinitely();
        backend.deadLetter(delivery("b", 300), 3, "503").await().indefinitely();
        assertThat(evicted("bytes")).isZero();
        backend.deadLetter(delivery("c", 300), 3, "503").await().indefinitely();

        assertThat(backend.deadLetters(10)).extracting(letter -> letter.operationID()).containsExactly("b", "c");
        assertThat(evicted("bytes")).isEqualTo(1);
        assertThat(evicted("count")).isZero();
        assertThat(intake.discarded).isEqualTo(1);
        assertThat(registry.get("imhook.after.queue.dead.letters.bytes").gauge().value()).isEqualTo(600);
    }

    @Test
    void aReplayTakesPendingBytesAndOneThatDoesNotFitStaysADeadLetter() {
        backend.deadLetter(delivery("a", 500), 3, "503").await().indefinitely();
        backend.store(delivery("pending", 600)).await().indefinitely();
        long id = backend.deadLetters(1).get(0).id();

        assertThat(backend.replay(id)).isFalse();
        assertThat(backend.deadLetters(10)).extracting(letter -> letter.operationID()).containsExactly("a");
        assertThat(pendingBytes()).isEqualTo(600);

        backend.finished(intake.tokens.get(0));
        assertThat(backend.replayAll()).isEqualTo(1);
        assertThat(pendingBytes()).isEqualTo(500);
        // the replayed event's token gives its bytes back when it is finished
        backend.finished(intake.tokens.get(1));
        assertThat(pendingBytes()).isZero();
    }
}
