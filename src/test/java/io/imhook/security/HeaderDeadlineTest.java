package io.imhook.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * One connection's header deadline on Netty's embedded channel, whose clock the test moves: what it sends and when it
 * closes. {@code SlowClientsIT} shows the same against the packaged app.
 */
class HeaderDeadlineTest {

    private static final long TIMEOUT_MILLIS = 10_000;

    private final Counter timedOut = new SimpleMeterRegistry().counter("timed-out");
    private final EmbeddedChannel connection = new EmbeddedChannel(
            HeaderDeadline.forConnection(TIMEOUT_MILLIS, timedOut));

    @Test
    void headersTrickledInPastTheDeadlineGet408AndTheConnectionClosed() {
        for (int second = 0; second < 9; second++) {
            connection.writeInbound(bytes("P"));
            passes(1_000);
        }
        assertThat(connection.isActive()).as("open at 9 s, a byte every second").isTrue();
        connection.writeInbound(bytes("O"));
        passes(1_001);

        assertThat(connection.isActive()).isFalse();
        String answer = ((ByteBuf) connection.readOutbound()).toString(StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("connection: close\r\n")
                .endsWith("\r\n\r\n{\"error\":\"headerTimeout\",\"message\":\"the request headers did not arrive "
                        + "within 10000 ms\"}");
        assertThat(timedOut.count()).isEqualTo(1);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() {
        passes(TIMEOUT_MILLIS + 1);

        assertThat(connection.isActive()).isFalse();
        assertThat((Object) connection.readOutbound()).isNull();
        assertThat(timedOut.count()).isEqualTo(1);
    }

    @Test
    void afterAnAnswerTheConnectionWaitsWithoutADeadlineUntilTheNextRequestsFirstByte() {
        connection.writeInbound(bytes("GET /q/health/live HTTP/1.1\r\n\r\n"));
        // an answer without the router's signal (a handler ahead of it): the headers were read
        connection.writeOutbound(bytes("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
        connection.releaseOutbound();
        passes(3 * TIMEOUT_MILLIS);
        assertThat(connection.isActive()).as("idle between requests").isTrue();

        connection.writeInbound(bytes("G"));
        passes(TIMEOUT_MILLIS - 1);
        assertThat(connection.isActive()).isTrue();
        passes(2);
        assertThat(connection.isActive()).as("the next request's headers, past its deadline").isFalse();
        assertThat(((ByteBuf) connection.readOutbound()).toString(StandardCharsets.US_ASCII))
                .startsWith("HTTP/1.1 408");
    }

    private void passes(long millis) {
        connection.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        connection.runScheduledPendingTasks();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
