package io.imhook.dispatch;

/**
 * One event as an ingress hands it to the {@link Dispatcher}.
 *
 * @param body the callback's JSON request body
 * @param operationID the trace id; generated when null or blank
 * @param routeKey the raw {@code key=} query value OpenIM sent with a message after-callback, passed on byte for
 *        byte; {@code null} to compute it from the body
 * @param traceparent the W3C {@code traceparent} the request came with, or null: passed on unchanged where imhook
 *        records no spans of its own
 */
public record Inbound(Ingress ingress, String key, byte[] body, String operationID, String routeKey,
        String traceparent) {

    public static Inbound dispatch(String key, byte[] body, String operationID) {
        return dispatch(key, body, operationID, null);
    }

    public static Inbound dispatch(String key, byte[] body, String operationID, String traceparent) {
        return new Inbound(Ingress.DISPATCH, key, body, operationID, null, traceparent);
    }
}
