package io.imhook.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the app on the Kafka backend against the test JVM's {@link KafkaBroker}, with topics and a consumer group of
 * its own for every app start, so that no records of another test class reach it. The broker is shared by every app
 * start of the JVM (starting one costs seconds) and stopped by its PID when the JVM exits, not in {@link #stop()}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger STARTS = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.instance();
        String run = "t" + ProcessHandle.current().pid() + "-" + STARTS.incrementAndGet();
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false",
                "imhook.dispatch.after-queue.backend", "kafka",
                "imhook.dispatch.after-queue.kafka.topic", "after-" + run,
                "imhook.dispatch.after-queue.kafka.dead-letter-topic", "dead-" + run,
                "imhook.dispatch.after-queue.kafka.group-id", "imhook-" + run,
                "imhook.dispatch.after-queue.kafka.partitions", "4");
    }

    @Override
    public void stop() {
        // the broker outlives one app: KafkaBroker stops it when the test JVM exits
    }
}
