package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.imhook.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A flood of refusals is counted one by one and logged at most once a second, without a path or token. */
class GatewayRefusalsTest {

    @Test
    void aFloodIsCountedInFullAndLoggedAtMostOnceASecond() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayRefusals refusals = new GatewayRefusals(registry, config());
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = LogCapture.into(lines);
        Logger log = Logger.getLogger(GatewayRefusals.class.getName());
        log.addHandler(handler);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                refusals.refused(i % 2 == 0 ? GatewayRefusals.Reason.TOKEN : GatewayRefusals.Reason.SHAPE);
            }
            long elapsedSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertThat(lines).hasSizeBetween(1, 1 + (int) elapsedSeconds);
            assertThat(registry.get("imhook.gateway.refused").tag("reason", "token").counter().count())
                    .isEqualTo(2_500);
            assertThat(registry.get("imhook.gateway.refused").tag("reason", "shape").counter().count())
                    .isEqualTo(2_500);
            assertThat(registry.get("imhook.gateway.refused").tag("reason", "notCanonical").counter().count())
                    .isZero();

            int before = lines.size();
            // the refusals held back since the last line are reported by the next one, a second later at the earliest
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                refusals.refused(GatewayRefusals.Reason.NOT_CANONICAL);
                return lines.size() > before;
            });
            assertThat(lines.get(lines.size() - 1)).contains("refused").contains("/openim")
                    .contains("imhook.gateway.token").contains("notCanonical");
            assertThat(lines.get(0)).startsWith("the OpenIM gateway refused 1 request(s)");
            assertThat(lines).noneMatch(line -> line.contains("never-logged"));
        } finally {
            log.removeHandler(handler);
        }
    }

    private static GatewayConfig config() {
        return new GatewayConfig() {
            @Override
            public String basePath() {
                return "/openim";
            }

            @Override
            public Optional<String> token() {
                return Optional.of("never-logged-0123456789");
            }

            @Override
            public boolean open() {
                return false;
            }
        };
    }
}
