package io.imhook.testing;

/**
 * For tests whose {@code webhooks.url} points at the app's own receiver: the url must name the port the app really
 * listens on, which {@code quarkus.http.test-port=0} only tells after start-up, too late for webhooks.yml. So the
 * test JVM picks one free port for all of them, once, and both the app and its url take it.
 */
public final class SelfTarget {

    /** The port of every app under test that calls itself. */
    public static final int PORT = FreePort.pick();

    private SelfTarget() {
    }

    /** The shipped receiver's url on {@link #PORT}. */
    public static String receiverUrl() {
        return "http://127.0.0.1:" + PORT + "/callbackExample";
    }
}
