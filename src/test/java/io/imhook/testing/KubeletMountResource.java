package io.imhook.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the app at a {@code webhooks.yml} in a {@link KubeletMount}, watched every 100 ms, whose {@code url} is
 * the test {@link BusinessServer}. Unlike {@link BusinessServerResource} it sets no {@code webhooks.url}: an
 * override from the application's config would win over every edit of the file.
 */
public class KubeletMountResource implements QuarkusTestResourceLifecycleManager {

    private KubeletMount mount;

    /** What the mount holds at start: beforeAddFriend and afterAddFriend on, at {@code url}. */
    public static String initial(String url) {
        return """
                url: %s
                beforeAddFriend:
                  enable: true
                  timeout: 5
                afterAddFriend:
                  enable: true
                  timeout: 1
                """.formatted(url);
    }

    @Override
    public Map<String, String> start() {
        mount = KubeletMount.create(initial(BusinessServer.instance().url()));
        return Map.of("imhook.webhooks-file", mount.file().toString(),
                "imhook.webhooks-reload.interval", "100ms");
    }

    @Override
    public void stop() {
        BusinessServer.shutdown();
        if (mount != null) {
            mount.delete();
        }
    }
}
