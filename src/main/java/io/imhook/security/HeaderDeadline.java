package io.imhook.security;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.imhook.callback.PayloadCodec;
import io.imhook.error.ErrorBody;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.RoutingContext;

/**
 * The time a connection has to deliver a request's headers, which no trickle of bytes extends (the idle timeout is
 * restarted by every byte, so a client sending its headers at 1 byte/s held a connection, and one of the process's
 * file descriptors, for as long as it liked).
 * <p>
 * One instance sits at the head of each accepted connection's Netty pipeline, ahead of the HTTP codec, where it sees
 * the raw bytes. The deadline starts when the connection is accepted, and again with the first byte of each later
 * request; it ends when the request reaches the router ({@link #headersArrived}), i.e. once the codec has read all
 * its headers. From the end of an exchange to the next request's first byte, a keep-alive connection is bounded by
 * the idle timeout alone, as is a request waiting for its decision (nothing arrives then). A connection past its
 * deadline is answered {@code 408} with a JSON body, if it sent anything, and closed. An HTTP/2 connection leaves it
 * once its first request arrives (its frames are not requests).
 * <p>
 * Quarkus offers no hook per accepted connection: Vert.x's, {@code HttpServer#connectionHandler}, belongs to the
 * server Quarkus creates and never hands out, and Quarkus sets it itself (for
 * {@code quarkus.http.limits.max-connections}). So the listening channel of each Vert.x HTTP server gets a handler
 * that puts one of these into every child channel it accepts, before Vert.x builds that channel's pipeline. Should a
 * handler ahead of the router answer a request, the answer's first byte meets the deadline instead. A request
 * pipelined behind an unfinished exchange gets no deadline of its own: the idle timeout bounds it.
 */
final class HeaderDeadline extends ChannelDuplexHandler {

    /** The name of the handler in the listening channel's pipeline, and of each instance in a child pipeline. */
    static final String NAME = "imhook-header-deadline";

    private enum Phase { AWAITING_HEADERS, IN_EXCHANGE, BETWEEN_REQUESTS }

    private final long timeoutMillis;
    private final Counter timedOut;
    private Phase phase = Phase.AWAITING_HEADERS;
    private boolean anythingReceived;
    private ScheduledFuture<?> deadline;
    private ChannelHandlerContext context;

    private HeaderDeadline(long timeoutMillis, Counter timedOut) {
        this.timeoutMillis = timeoutMillis;
        this.timedOut = timedOut;
    }

    /** The deadline of one connection, to be the first handler of its pipeline. */
    static HeaderDeadline forConnection(long timeoutMillis, Counter timedOut) {
        return new HeaderDeadline(timeoutMillis, timedOut);
    }

    /**
     * Puts a deadline into every connection the listening channel of {@code server} accepts from now on (instead of
     * the one an earlier start of the app put there: dev mode keeps the server across restarts); false when the
     * server is not bound.
     */
    static boolean install(TCPServerBase server, long timeoutMillis, Counter timedOut) {
        Channel listening = listeningChannel(server);
        if (listening == null) {
            return false;
        }
        Acceptor acceptor = new Acceptor(timeoutMillis, timedOut);
        if (listening.pipeline().get(NAME) != null) {
            listening.pipeline().replace(NAME, NAME, acceptor);
        } else {
            listening.pipeline().addFirst(NAME, acceptor);
        }
        return true;
    }

    /** The request's headers are all in: the deadline is met. Runs on the connection's event loop (the router). */
    static void headersArrived(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!(request.connection() instanceof ConnectionBase connection)) {
            return;
        }
        ChannelHandler handler = connection.channel().pipeline().get(NAME);
        if (handler instanceof HeaderDeadline deadline) {
            if (request.version() == HttpVersion.HTTP_2) {
                deadline.cancel();
                connection.channel().pipeline().remove(deadline);
                return;
            }
            deadline.met();
            routing.addEndHandler(ended -> deadline.exchangeEnded());
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof ByteBuf bytes && bytes.isReadable()) {
            if (phase == Phase.BETWEEN_REQUESTS) {
                phase = Phase.AWAITING_HEADERS;
                arm();
            }
            anythingReceived = true;
        }
        super.channelRead(ctx, message);
    }

    /**
     * An answer to a request the router never signalled (a handler ahead of it answered): its headers were read,
     * so the deadline is met; the next byte that arrives starts the next one.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (phase == Phase.AWAITING_HEADERS && anythingReceived) {
            cancel();
            phase = Phase.BETWEEN_REQUESTS;
            anythingReceived = false;
        }
        super.write(ctx, message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void met() {
        cancel();
        phase = Phase.IN_EXCHANGE;
        anythingReceived = false;
    }

    private void exchangeEnded() {
        if (phase == Phase.IN_EXCHANGE) {
            phase = Phase.BETWEEN_REQUESTS;
        }
    }

    private void arm() {
        cancel();
        deadline = context.executor().schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire() {
        deadline = null;
        if (phase != Phase.AWAITING_HEADERS || !context.channel().isActive()) {
            return;
        }
        timedOut.increment();
        // raw bytes from the head of the pipeline reach the socket unencrypted: over TLS the connection is just
        // closed
        if (anythingReceived && context.pipeline().get(SslHandler.class) == null) {
            context.writeAndFlush(timeoutAnswer()).addListener(ChannelFutureListener.CLOSE);
        } else {
            context.close();
        }
    }

    private ByteBuf timeoutAnswer() {
        byte[] body = PayloadCodec.write(ErrorBody.of("headerTimeout",
                "the request headers did not arrive within " + timeoutMillis + " ms"));
        String head = "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    /** The Netty channel a Vert.x server listens on; Vert.x keeps it private, so it is read reflectively. */
    private static Channel listeningChannel(TCPServerBase server) {
        try {
            Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
            bound.setAccessible(true);
            Future<?> bind = (Future<?>) bound.get(server);
            return bind != null && bind.succeeded() && bind.result() instanceof Channel channel ? channel : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("imhook.api.header-timeout: cannot reach the HTTP server's listening "
                    + "channel in this Vert.x version", e);
        }
    }

    /** On the listening channel: gives every accepted connection its own deadline, ahead of Vert.x's handlers. */
    @ChannelHandler.Sharable
    private static final class Acceptor extends ChannelInboundHandlerAdapter {

        private final long timeoutMillis;
        private final Counter timedOut;

        Acceptor(long timeoutMillis, Counter timedOut) {
            this.timeoutMillis = timeoutMillis;
            this.timedOut = timedOut;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
            if (message instanceof Channel accepted) {
                accepted.pipeline().addFirst(NAME, forConnection(timeoutMillis, timedOut));
            }
            super.channelRead(ctx, message);
        }
    }
}
