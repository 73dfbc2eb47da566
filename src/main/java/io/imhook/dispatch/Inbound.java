package io.imhook.dispatch;

/**
 * One event as an ingress hands it to the {@link Dispatcher}.
 *
 * @param body the callback's JSON request body
 * @param operationID the trace id; generated when null or blank
 * @param routeKey the raw {@code key=} query value OpenIM sent with a message after-callback, passed on byte for
 *        byte; {@code null} to compute it from the body
 */
public record Inbound(Ingress ingress, String key, byte[] body, String operationID, String routeKey) {

    public static Inbound dispatch(String key, byte[] body, String operationID) {
        return new Inbound(Ingress.DISPATCH, key, body, operationID, null);
    }
}
