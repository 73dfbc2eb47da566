package io.imhook.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.imhook.callback.BadPayloadException;
import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.dispatch.after.AfterQueueFullException;
import io.imhook.dispatch.after.AfterQueueUnavailableException;
import io.imhook.dispatch.UnknownCallbackException;
import io.imhook.receiver.ReplayMemoryFullException;
import io.imhook.receiver.UnknownCommandException;
import io.imhook.signing.WebhookVerifier;

/** Turns every error into a JSON answer that names the problem; never a stack trace. */
public class ErrorMappers {

    /** Seconds a refused sender should wait before offering again. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badPayload(BadPayloadException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorBody("badRequest", e.getMessage(), e.field(), null));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownCallback(UnknownCallbackException e) {
        return json(Response.Status.NOT_FOUND,
                new ErrorBody("unknownCallback", e.getMessage(), null, CallbackCatalogue.keys()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownCommand(UnknownCommandException e) {
        return json(Response.Status.NOT_FOUND, new ErrorBody("unknownCommand", e.getMessage(), null,
                CallbackCatalogue.all().stream().map(CallbackType::command).toList()));
    }

    /** A callback the receiver cannot trust: no, a malformed, a wrong or a stale Standard Webhooks signature. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> badSignature(WebhookVerifier.Rejected e) {
        return json(Response.Status.UNAUTHORIZED, ErrorBody.of("badSignature", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> queueFull(AfterQueueFullException e) {
        return retryLater("queueFull", e.getMessage());
    }

    /** The Kafka broker did not acknowledge an after-callback in time: refused, so the sender can retry. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> queueUnavailable(AfterQueueUnavailableException e) {
        return retryLater("queueUnavailable", e.getMessage());
    }

    /** The receiver keeps as many webhook-ids as it may: a new one waits until the oldest expires. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> replayMemoryFull(ReplayMemoryFullException e) {
        return retryLater("replayMemoryFull", e.getMessage(), String.valueOf(e.retryAfterSeconds()));
    }

    private static RestResponse<ErrorBody> retryLater(String error, String message) {
        return retryLater(error, message, RETRY_AFTER_SECONDS);
    }

    /** A 503 the sender may retry after {@code Retry-After}: the after-callback (or callback) was not taken. */
    private static RestResponse<ErrorBody> retryLater(String error, String message, String retryAfterSeconds) {
        return RestResponse.ResponseBuilder.<ErrorBody> create(RestResponse.Status.SERVICE_UNAVAILABLE)
                .entity(ErrorBody.of(error, message))
                .header("Retry-After", retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String error = status.getStatusCode() == Response.Status.NOT_FOUND.getStatusCode() ? "notFound"
                : status.getFamily() == Response.Status.Family.CLIENT_ERROR ? "badRequest"
                : "serverError";
        return json(status, ErrorBody.of(error, e.getMessage()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<ErrorBody> unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return json(Response.Status.INTERNAL_SERVER_ERROR,
                ErrorBody.of("serverError", "unexpected error: " + e.getClass().getSimpleName()));
    }

    private static RestResponse<ErrorBody> json(Response.StatusType status, ErrorBody body) {
        return RestResponse.ResponseBuilder.<ErrorBody> create(status.getStatusCode())
                .entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
