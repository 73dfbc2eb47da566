package io.imhook.dispatch.after;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.after.kafka.KafkaBackend;
import io.imhook.dispatch.after.memory.MemoryBackend;

/**
 * Picks the after-queue's backend at run time from {@code imhook.dispatch.after-queue.backend}, so that one build
 * (one native binary) runs either. Only the chosen one is created: the Kafka backend makes no client, and so no
 * connection attempt, unless it is chosen.
 */
@Singleton
public class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    @Produces
    @Singleton
    AfterQueueBackend backend(DispatchConfig config, Instance<MemoryBackend> memory, Instance<KafkaBackend> kafka) {
        DispatchConfig.Backend chosen = config.afterQueue().backend();
        LOG.infof("after-queue backend: %s", chosen.name().toLowerCase());
        return chosen == DispatchConfig.Backend.KAFKA ? kafka.get() : memory.get();
    }
}
