package io.imhook.dispatch.after.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.DispatchConfig.KafkaConfig;
import io.imhook.dispatch.after.AfterQueueBackend;
import io.imhook.dispatch.after.AfterQueueUnavailableException;
import io.imhook.dispatch.after.DeadLetter;
import io.imhook.dispatch.after.Delivery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The durable backend: accepted events are records of a Kafka topic, keyed by conversation, shared by every replica
 * through one consumer group.
 * <p>
 * An event is accepted (202) only once the broker acknowledged its record ({@code acks=all}, idempotent producer);
 * when the broker does not within {@code send-timeout}, it is refused with 503. A record's offset is committed only
 * after its event was delivered or dead-lettered: per partition, the commit stops at the oldest event not finished,
 * so a crash redelivers (at least once, with the same event id) and loses nothing. A retried event waits in the
 * queue as data while its offset stays uncommitted; a replica holds at most {@code max-polled} events and
 * {@code max-polled-bytes} body bytes taken from the topic and pauses fetching beyond that.
 * <p>
 * The clients are plain Kafka clients, created in {@link #start} only when this backend is chosen, so the memory
 * backend never reaches a broker. SmallRye Reactive Messaging's failure strategies do not fit here: its
 * {@code delayed-retry-topic} uses fixed delays (no {@code Retry-After}) and lets later events of a conversation
 * overtake a retried one, and its channels are wired when the application starts, whichever backend is chosen.
 */
@Singleton
@Typed(KafkaBackend.class)
public class KafkaBackend implements AfterQueueBackend {

    private static final Logger LOG = Logger.getLogger(KafkaBackend.class);
    private static final String BOOTSTRAP = "kafka.bootstrap.servers";
    private static final Duration POLL = Duration.ofMillis(100);
    /** Dead letters replay-all reads from the broker at once: at most this many bodies are held for it. */
    private static final int REPLAY_PAGE = 100;

    /** Where one handed-out event sits in the topic, and the body bytes it holds in this replica. */
    private record Token(Track track, long offset, int bodyBytes) {
    }

    /** The offsets of one partition taken and not finished; the commit may advance to the oldest of them. */
    private static final class Track {
        private final TreeSet<Long> outstanding = new TreeSet<>();
        private long next = -1;
        private long committed = -1;

        synchronized void polled(long offset) {
            outstanding.add(offset);
            next = Math.max(next, offset + 1);
        }

        synchronized void done(long offset) {
            outstanding.remove(offset);
        }

        /** The offset to commit when it moved since the last commit, or -1. */
        synchronized long toCommit() {
            long position = outstanding.isEmpty() ? next : outstanding.first();
            return position > committed ? position : -1;
        }

        synchronized void committed(long offset) {
            committed = Math.max(committed, offset);
        }
    }

    private static final long NEVER = Long.MIN_VALUE;
    /** Well inside the producer's metadata idle expiry (5 minutes by default), after which send() fetches again. */
    private static final long RECENT_ACKNOWLEDGEMENT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Room left in the producer's buffer for the other event loop's sends and the dead letters (bodies ≤ 1 MiB). */
    private static final long BUFFER_MARGIN_BYTES = 4L * 1024 * 1024;

    private final KafkaConfig config;
    private final Map<TopicPartition, Track> tracks = new ConcurrentHashMap<>();
    /** Body bytes of the events taken from the topic and not finished: bounded by {@code max-polled-bytes}. */
    private final AtomicLong polledBytes = new AtomicLong();
    private final long maxPolledBytes;
    private volatile Intake intake;
    private volatile boolean running;
    private volatile boolean fetching;
    private KafkaProducer<String, byte[]> producer;
    /** {@link System#nanoTime()} of the broker's last acknowledgement of an event; {@link #NEVER} after a failure. */
    private volatile long lastAcknowledged = NEVER;
    /** The producer's free buffer bytes ({@code buffer-available-bytes}); null until the producer is built. */
    private volatile Metric bufferAvailable;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaDeadLetters deadLetters;
    private Thread poller;

    public KafkaBackend(DispatchConfig config) {
        this.config = config.afterQueue().kafka();
        this.maxPolledBytes = this.config.maxPolledBytes().asLongValue();
    }

    @Override
    public void start(Intake intake) {
        this.intake = intake;
        Map<String, Object> common = clientProperties();
        LOG.infof("after-queue on Kafka %s: topic %s, dead letters %s, group %s", common.get(BOOTSTRAP.substring(6)),
                config.topic(), config.deadLetterTopic(), config.groupId());
        if (config.createTopics()) {
            createTopics(common);
        }
        Properties producerProperties = new Properties();
        producerProperties.putAll(common);
        long timeout = config.sendTimeout().toMillis();
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(config.linger().toMillis()));
        producerProperties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1, timeout / 2)));
        producerProperties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "imhook-producer-" + UUID.randomUUID());
        producer = new KafkaProducer<>(producerProperties);
        bufferAvailable = producer.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("buffer-available-bytes")
                        && metric.getKey().group().equals("producer-metrics"))
                .map(Map.Entry::getValue).findFirst().orElse(null);

        deadLetters = new KafkaDeadLetters(config.deadLetterTopic(), producer, config.sendTimeout(), common);
        deadLetters.start();

        consumer = new KafkaConsumer<>(consumerProperties(common, config.groupId(), config.maxPolled()));
        running = true;
        fetching = true;
        poller = new Thread(this::poll, "imhook-after-queue-consumer");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * The consumer's settings: the fetch defaults first, so that {@code kafka.*} properties in {@code common}
     * override them, then what the after-queue relies on (its group, manual commits, from the earliest offset).
     */
    static Properties consumerProperties(Map<String, Object> common, String groupId, int maxPolled) {
        Properties consumerProperties = new Properties();
        // a fetch waits for 32 KB or 20 ms instead of answering with whatever one record came: under load that was
        // one fetch per handful of events, the consumer thread's main cost; kafka.fetch.* properties override it
        consumerProperties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "32768");
        consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        consumerProperties.putAll(common);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                String.valueOf(Math.max(1, Math.min(500, maxPolled))));
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "imhook-consumer-" + UUID.randomUUID());
        return consumerProperties;
    }

    /**
     * Every {@code kafka.*} property (or {@code KAFKA_*} environment variable), without the prefix, so that
     * production can add settings ({@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code
     * kafka.session.timeout.ms}) without code. Defaults: reconnects at most 1 s apart, and a 10 s consumer session,
     * so a killed replica's partitions move to the others within seconds instead of Kafka's 45.
     */
    private static Map<String, Object> clientProperties() {
        Config all = ConfigProvider.getConfig();
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        for (String name : all.getPropertyNames()) {
            String property = name.startsWith("kafka.") ? name.substring(6)
                    : name.startsWith("KAFKA_") ? name.substring(6).toLowerCase().replace('_', '.') : null;
            if (property != null && !property.isEmpty()) {
                all.getOptionalValue(name, String.class).ifPresent(value -> properties.put(property, value));
            }
        }
        properties.put(BOOTSTRAP.substring(6), all.getOptionalValue(BOOTSTRAP, String.class).orElse("localhost:9092"));
        return properties;
    }

    private void createTopics(Map<String, Object> common) {
        Map<String, String> durable = new HashMap<>();
        if (config.replicationFactor() >= 3) {
            durable.put("min.insync.replicas", "2");
        }
        Map<String, String> compacted = new HashMap<>(durable);
        compacted.put("cleanup.policy", "compact");
        List<NewTopic> topics = List.of(
                new NewTopic(config.topic(), config.partitions(), config.replicationFactor()).configs(durable),
                new NewTopic(config.deadLetterTopic(), 1, config.replicationFactor()).configs(compacted));
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(config.sendTimeout().toMillis()));
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                String.valueOf(config.sendTimeout().toMillis() * 2));
        try (Admin admin = Admin.create(properties)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(config.sendTimeout().toMillis() * 2,
                            TimeUnit.MILLISECONDS);
                    LOG.infof("created Kafka topic %s (%d partitions, replication factor %d)", topic.name(),
                            topic.numPartitions(), topic.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.errorf("could not create Kafka topic %s: %s", topic.name(), e.getCause().getMessage());
                    }
                } catch (Exception e) {
                    LOG.errorf("could not create Kafka topic %s: %s", topic.name(), e.toString());
                }
            }
        }
    }

    private void poll() {
        try {
            consumer.subscribe(List.of(config.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(true);
                    partitions.forEach(tracks::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(partition -> tracks.put(partition, new Track()));
                }
            });
            while (running) {
                if (fetching && hasRoom()) {
                    consumer.resume(consumer.paused());
                } else {
                    consumer.pause(consumer.assignment());
                }
                Set<TopicPartition> full = new HashSet<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (full.contains(partition)) {
                        continue;
                    }
                    if (!hasRoom()) {
                        // one poll brings up to max.poll.records: the rest is fetched again once there is room
                        consumer.seek(partition, record.offset());
                        full.add(partition);
                        continue;
                    }
                    hand(record);
                }
                commit(false);
            }
            commit(true);
        } catch (WakeupException e) {
            commit(true);
        } catch (RuntimeException e) {
            LOG.error("after-queue consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether this replica may take one more event: below {@code max-polled} events and {@code max-polled-bytes}. */
    private boolean hasRoom() {
        return intake.pending() < config.maxPolled() && polledBytes.get() < maxPolledBytes;
    }

    private void hand(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Track track = tracks.computeIfAbsent(partition, p -> new Track());
        Optional<Delivery> delivery = KafkaRecords.delivery(record);
        if (delivery.isEmpty()) {
            LOG.warnf("topic %s: skipped a record that is not an imhook event at %s offset %d", record.topic(),
                    partition, record.offset());
            track.polled(record.offset());
            track.done(record.offset());
            return;
        }
        track.polled(record.offset());
        int bodyBytes = delivery.get().body().length;
        polledBytes.addAndGet(bodyBytes);
        intake.admit(delivery.get(), new Token(track, record.offset(), bodyBytes), false);
    }

    /** In the consumer's thread: commits every partition whose oldest unfinished offset moved. */
    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        tracks.forEach((partition, track) -> {
            long offset = track.toCommit();
            if (offset >= 0) {
                offsets.put(partition, new OffsetAndMetadata(offset));
                positions.put(partition, offset);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
                positions.forEach((partition, offset) -> tracks.getOrDefault(partition, new Track()).committed(offset));
            } else {
                consumer.commitAsync(offsets, (committed, failure) -> {
                    if (failure != null) {
                        LOG.warnf("offset commit failed (retried with the next one): %s", failure.getMessage());
                    } else {
                        positions.forEach((partition, offset) -> {
                            Track track = tracks.get(partition);
                            if (track != null) {
                                track.committed(offset);
                            }
                        });
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("offset commit failed (retried with the next one): %s", e.getMessage());
        }
    }

    @Override
    public Uni<Void> store(Delivery delivery) {
        return Uni.createFrom().deferred(() -> {
            ProducerRecord<String, byte[]> record = KafkaRecords.event(config.topic(), delivery);
            Context caller = Vertx.currentContext();
            Uni<Void> acknowledged = Uni.createFrom().emitter(emitter -> {
                try {
                    producer.send(record, (metadata, failure) -> {
                        if (failure == null) {
                            lastAcknowledged = System.nanoTime();
                            emitter.complete(null);
                        } else {
                            lastAcknowledged = NEVER;
                            emitter.fail(unavailable(delivery, failure.getMessage()));
                        }
                    });
                } catch (RuntimeException e) {
                    emitter.fail(unavailable(delivery, e.getMessage()));
                }
            });
            // send() blocks while it waits for the topic's metadata (the broker away, or the topic idle for minutes)
            // or for room in its buffer: never on the caller's event loop. Only while the broker acknowledges and the
            // buffer has room does it return at once, and the worker pool's hop is skipped
            if (!sendsAtOnce(record)) {
                acknowledged = acknowledged.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
            return acknowledged
                    .ifNoItem().after(config.sendTimeout().plusSeconds(1))
                    .failWith(() -> unavailable(delivery, "no acknowledgement within " + config.sendTimeout()))
                    // off the producer's I/O thread, which must not run the caller's work: back to the caller's
                    // event loop, where its answer is written anyway
                    .emitOn(caller == null ? Infrastructure.getDefaultExecutor()
                            : task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /**
     * Whether {@code send(record)} returns without blocking: the broker acknowledged a record in the last few
     * seconds (so the topic's metadata is known) and the producer's buffer has room for this one and then some.
     */
    private boolean sendsAtOnce(ProducerRecord<String, byte[]> record) {
        long acknowledged = lastAcknowledged;
        if (acknowledged == NEVER || System.nanoTime() - acknowledged > RECENT_ACKNOWLEDGEMENT_NANOS) {
            return false;
        }
        Metric available = bufferAvailable;
        if (available == null) {
            return false;
        }
        Object bytes = available.metricValue();
        return bytes instanceof Number number
                && number.doubleValue() > BUFFER_MARGIN_BYTES + (record.value() == null ? 0 : record.value().length);
    }

    private static AfterQueueUnavailableException unavailable(Delivery delivery, String why) {
        return new AfterQueueUnavailableException(delivery.type().key(), "the Kafka broker did not take it: " + why);
    }

    @Override
    public void finished(Object token) {
        if (token instanceof Token handed) {
            handed.track().done(handed.offset());
            polledBytes.addAndGet(-handed.bodyBytes());
        }
    }

    @Override
    public Uni<Void> deadLetter(Delivery delivery, int attempts, String lastError) {
        return Uni.createFrom().completionStage(() -> deadLetters.add(delivery, attempts, lastError))
                .emitOn(Infrastructure.getDefaultExecutor());
    }

    @Override
    public List<DeadLetter> deadLetters(int limit) {
        return deadLetters.list(limit);
    }

    /** Writes the event back to the delivery topic (same id), then removes the dead letter. Blocking. */
    @Override
    public boolean replay(long id) {
        return deadLetters.readOne(id).map(this::replay).orElse(false);
    }

    private boolean replay(KafkaDeadLetters.Read read) {
        long id = read.letter().id();
        Delivery delivery = read.delivery();
        try {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            producer.send(KafkaRecords.event(config.topic(), delivery), (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
            sent.get(config.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.errorf("replay of dead letter %d failed: the Kafka broker did not take it (%s)", id, e.toString());
            return false;
        }
        return deadLetters.remove(read);
    }

    /** Replays every dead letter in the topic, reading them from the broker a page at a time. */
    @Override
    public int replayAll() {
        int[] replayed = {0};
        deadLetters.forEachPage(REPLAY_PAGE, page -> page.forEach(read -> {
            if (replay(read)) {
                replayed[0]++;
            }
        }));
        return replayed[0];
    }

    @Override
    public boolean delete(long id) {
        return deadLetters.remove(id);
    }

    /** Deletes every dead letter in the topic: a tombstone each, read a page at a time for their keys. */
    @Override
    public int deleteAll() {
        int[] deleted = {0};
        deadLetters.forEachPage(REPLAY_PAGE, page -> page.forEach(read -> {
            if (deadLetters.remove(read)) {
                deleted[0]++;
            }
        }));
        return deleted[0];
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void stopIntake() {
        fetching = false;
    }

    @Override
    public void close() {
        running = false;
        if (poller != null) {
            try {
                poller.join(POLL.toMillis() * 20 + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
