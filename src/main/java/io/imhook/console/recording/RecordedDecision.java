package io.imhook.console.recording;

/**
 * One decision as the console keeps it.
 *
 * @param seq its number since start-up, the id the console's API names it by
 * @param atMillis when it was decided (epoch milliseconds)
 * @param reason the dispatcher's reason ({@code timeout}, {@code filtered}, ...), or null
 * @param status the business server's HTTP status, -1 when none came or no call was made
 * @param url the url called, as it was (query included: {@link DecisionRecorder#withoutQuery(String)} cuts it for
 *        showing); null when none was called
 * @param headers the headers sent, without signatures; null when none was called (made when they are read: not on
 *        the message path)
 * @param replyBytes the reply body's size, -1 when none came
 * @param requestBody the body sent, only with {@code imhook.log.bodies=true}, else null
 * @param replyBody the reply body, only with {@code imhook.log.bodies=true}, else null
 */
public record RecordedDecision(long seq, long atMillis, String key, String operationID, String ingress,
        ConsoleOutcome outcome, String reason, String detail, int errCode, int status, long elapsedNanos,
        String url, DecisionRecorder.SentHeaders headers, int replyBytes, String requestBody, String replyBody) {
}
