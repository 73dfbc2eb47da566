package io.imhook.dispatch;

import io.imhook.callback.UnappliableReplyException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Reads a business server's reply into memory up to a limit: the first chunk past it fails the exchange as a bad
 * reply (DataError 90007), so a huge or endless answer costs at most the limit, never the whole body.
 */
final class LimitedReply implements BodyCodec<Buffer> {

    private final int limit;

    LimitedReply(int limit) {
        this.limit = limit;
    }

    /** The failure of a reply past the limit: a bad reply from a live server, which the breaker does not count. */
    static ExchangeFailure tooLarge(int limit) {
        String detail = "the reply is larger than " + limit + " bytes";
        return new ExchangeFailure(Reason.BAD_REPLY, UnappliableReplyException.DATA_ERROR, "DataError", detail,
                detail);
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> callback) {
        callback.handle(Future.succeededFuture(new Stream()));
    }

    private final class Stream implements BodyStream<Buffer> {

        private final Buffer buffer = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (result.future().isComplete()) {
                return Future.failedFuture(result.future().failed() ? result.future().cause() : tooLarge(limit));
            }
            if ((long) buffer.length() + data.length() > limit) {
                ExchangeFailure failure = tooLarge(limit);
                result.tryFail(failure);
                return Future.failedFuture(failure);
            }
            buffer.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(buffer);
            if (handler != null) {
                handler.handle(result.future().failed() ? Future.failedFuture(result.future().cause())
                        : Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
