package io.imhook.dispatch.after;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.PayloadCodec;
import io.imhook.dispatch.Ingress;

/** The memory backend's dead letters stay within their count and their body bytes, evicting the oldest, counted. */
class DeadLettersTest {

    private final AtomicInteger discarded = new AtomicInteger();
    private final List<String> evictedBy = new ArrayList<>();

    /** An afterQuitGroup event whose body is {@code size} bytes. */
    static Delivery delivery(String operationID, int size) {
        String head = "{\"groupID\":\"g1\",\"userID\":\"u1\",\"pad\":\"";
        String body = head + "x".repeat(size - head.length() - 2) + "\"}";
        assertThat(body).hasSize(size);
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        return new Delivery(CallbackCatalogue.byKey("afterQuitGroup").orElseThrow(), operationID, null, bytes,
                PayloadCodec.read(bytes, JsonNode.class), Ingress.DISPATCH, null);
    }

    private DeadLetters letters(int capacity, long capacityBytes) {
        return new DeadLetters(capacity, capacityBytes, letter -> discarded.incrementAndGet(), evictedBy::add);
    }

    private static List<String> operationIds(DeadLetters letters) {
        return letters.list(Integer.MAX_VALUE).stream().map(DeadLetter::operationID).toList();
    }

    @Test
    void pastTheByteBudgetTheOldestAreEvictedAndCounted() {
        DeadLetters letters = letters(100, 1000);
        letters.add(delivery("a", 400), 3, "503");
        letters.add(delivery("b", 400), 3, "503");
        assertThat(letters.bytes()).isEqualTo(800);
        assertThat(evictedBy).isEmpty();

        // 1,200 bytes would pass 1,000: the oldest goes
        letters.add(delivery("c", 400), 3, "503");
        assertThat(operationIds(letters)).containsExactly("b", "c");
        assertThat(letters.bytes()).isEqualTo(800);
        // 900 bytes push out both older ones
        letters.add(delivery("d", 900), 3, "503");
        assertThat(operationIds(letters)).containsExactly("d");
        assertThat(letters.bytes()).isEqualTo(900);
        assertThat(evictedBy).containsExactly(DeadLetters.BYTES, DeadLetters.BYTES, DeadLetters.BYTES);
        assertThat(discarded).hasValue(3);
    }

    @Test
    void theNewestIsKeptEvenWhenItAloneIsOverTheBudget() {
        DeadLetters letters = letters(100, 500);
        letters.add(delivery("a", 100), 1, "503");
        letters.add(delivery("big", 800), 1, "503");
        assertThat(operationIds(letters)).containsExactly("big");
        assertThat(evictedBy).containsExactly(DeadLetters.BYTES);
    }

    @Test
    void pastTheCountTheOldestIsEvictedAsBefore() {
        DeadLetters letters = letters(2, 1_000_000);
        letters.add(delivery("a", 100), 1, "503");
        letters.add(delivery("b", 100), 1, "503");
        letters.add(delivery("c", 100), 1, "503");
        assertThat(operationIds(letters)).containsExactly("b", "c");
        assertThat(evictedBy).containsExactly(DeadLetters.COUNT);
        assertThat(discarded).hasValue(1);
    }

    @Test
    void removingAndDeletingGiveTheBytesBack() {
        DeadLetters letters = letters(100, 1000);
        letters.add(delivery("a", 300), 1, "503");
        letters.add(delivery("b", 300), 1, "503");
        long first = letters.list(1).get(0).id();
        assertThat(letters.remove(first)).isPresent();
        assertThat(letters.bytes()).isEqualTo(300);
        assertThat(letters.deleteAll()).isEqualTo(1);
        assertThat(letters.bytes()).isZero();
        // deletions are discarded, not evicted
        assertThat(discarded).hasValue(1);
        assertThat(evictedBy).isEmpty();
        letters.add(delivery("c", 900), 1, "503");
        assertThat(operationIds(letters)).containsExactly("c");
        assertThat(evictedBy).isEmpty();
    }
}
