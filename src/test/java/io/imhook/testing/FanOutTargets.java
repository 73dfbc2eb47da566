package io.imhook.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Fans {@code afterJoinGroup} out to three targets, each a real HTTP server: {@code business} (the test JVM's
 * {@link BusinessServer}), {@code archive} and {@code stalled}, two more started on free ports. A test scripts
 * each of them by operationID, as it does the business server.
 */
public class FanOutTargets implements QuarkusTestResourceLifecycleManager {

    /** The after-callback fanned out; its timeout is long, so a held attempt stays in flight while a test looks. */
    public static final String KEY = "afterJoinGroup";

    private static volatile BusinessServer archive;
    private static volatile BusinessServer stalled;

    @Override
    public Map<String, String> start() {
        archive = BusinessServer.another();
        stalled = BusinessServer.another();
        String entry = "webhooks." + KEY + ".";
        return Map.of(entry + "enable", "true",
                entry + "timeout", "30",
                entry + "targets.business.url", BusinessServer.instance().url(),
                entry + "targets.archive.url", archive.url(),
                entry + "targets.stalled.url", stalled.url());
    }

    public static BusinessServer archive() {
        return archive;
    }

    public static BusinessServer stalled() {
        return stalled;
    }

    /** Lets both extra targets go of what they hold, and forget their scripts (a test's end). */
    public static void release() {
        if (archive != null) {
            archive.release();
            stalled.release();
        }
    }

    @Override
    public void stop() {
        archive.stop();
        stalled.stop();
        archive = null;
        stalled = null;
    }
}
