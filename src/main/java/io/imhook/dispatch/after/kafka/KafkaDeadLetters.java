package io.imhook.dispatch.after.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.dispatch.after.DeadLetter;
import io.imhook.dispatch.after.DeadLetters;
import io.imhook.dispatch.after.Delivery;

/**
 * The dead letters of the Kafka backend: a compacted one-partition topic. A dead letter is a record keyed by its
 * own fresh key, with the event's headers plus attempts and last error; deleting or replaying it writes a
 * tombstone for that key. A dead letter's id in the admin API is its offset.
 * <p>
 * Each replica follows the topic from its start in a thread of its own, so every replica knows the same dead
 * letters; it keeps only the offsets of the live ones, as a bit each ({@link LiveOffsets}), never a body or a key,
 * so that however many dead letters the topic holds, a replica can start. A tombstone names the offset it removes
 * in a header, since no replica keeps the keys; the key it needs to compact the dead letter away is read with the
 * record. Bodies and keys are read from the broker when asked for, by offset, at most one page at a time for
 * replay-all and delete-all.
 */
final class KafkaDeadLetters {

    private static final Logger LOG = Logger.getLogger(KafkaDeadLetters.class);
    private static final Duration READ_POLL = Duration.ofMillis(200);

    /** One dead letter read back from the topic. */
    record Read(String recordKey, DeadLetter letter, Delivery delivery) {
    }

    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final Properties consumerProperties;
    /** The header of a tombstone that names the offset of the dead letter it removes. */
    static final String REMOVES_OFFSET = "imhook-removes-offset";

    /** The live dead letters' offsets, oldest first. */
    private final LiveOffsets live = new LiveOffsets();
    private final Object readerLock = new Object();
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaConsumer<String, byte[]> reader;
    private Thread follower;

    KafkaDeadLetters(String topic, KafkaProducer<String, byte[]> producer, Duration sendTimeout,
            Map<String, Object> common) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.consumerProperties = new Properties();
        consumerProperties.putAll(common);
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    }

    void start() {
        consumer = new KafkaConsumer<>(clientProperties("imhook-dead-letters-"));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        follower = new Thread(this::follow, "imhook-dead-letters");
        follower.setDaemon(true);
        follower.start();
    }

    private Properties clientProperties(String clientIdPrefix) {
        Properties properties = new Properties();
        properties.putAll(consumerProperties);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + UUID.randomUUID());
        return properties;
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("dead-letter topic follower stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            // a tombstone of an imhook before this one, without the header, cannot be matched: its dead letter
            // stays listed until compaction drops both
            KafkaRecords.text(record.headers(), REMOVES_OFFSET).map(Long::parseLong).ifPresent(live::remove);
            return;
        }
        if (KafkaRecords.delivery(record).isEmpty()) {
            LOG.warnf("dead-letter topic %s: skipped a record that is not an imhook event at offset %d", topic,
                    record.offset());
            return;
        }
        live.add(record.offset());
    }

    private static Optional<Read> read(ConsumerRecord<String, byte[]> record) {
        Optional<Delivery> delivery = KafkaRecords.delivery(record);
        if (record.value() == null || delivery.isEmpty()) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = PayloadCodec.read(record.value(), JsonNode.class);
        } catch (RuntimeException e) {
            body = null;
        }
        int attempts = KafkaRecords.text(record.headers(), KafkaRecords.ATTEMPTS).map(Integer::parseInt).orElse(0);
        String lastError = KafkaRecords.text(record.headers(), KafkaRecords.LAST_ERROR).orElse("");
        Instant failedAt = KafkaRecords.text(record.headers(), KafkaRecords.FAILED_AT).map(Instant::parse)
                .orElse(Instant.ofEpochMilli(record.timestamp()));
        return Optional.of(new Read(record.key(), new DeadLetter(record.offset(), delivery.get().type().key(),
                DeadLetters.targetOf(delivery.get()),
                delivery.get().operationID(), body, attempts, lastError, failedAt), delivery.get()));
    }

    /** Writes one dead letter; completes once the broker acknowledged it. */
    CompletableFuture<Void> add(Delivery delivery, int attempts, String lastError) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, UUID.randomUUID().toString(),
                delivery.body());
        KafkaRecords.put(record.headers(), delivery);
        record.headers().add(KafkaRecords.ATTEMPTS, KafkaRecords.bytes(String.valueOf(attempts)))
                .add(KafkaRecords.LAST_ERROR, KafkaRecords.bytes(lastError))
                .add(KafkaRecords.FAILED_AT, KafkaRecords.bytes(Instant.now().toString()));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /** The oldest {@code limit} dead letters, read from the broker. */
    List<DeadLetter> list(int limit) {
        return read(ids(limit)).stream().map(Read::letter).toList();
    }

    /** Dead letter {@code id} read at its offset, with its key; empty when there is none. */
    Optional<Read> readOne(long id) {
        return read(List.of(id)).stream().findFirst();
    }

    /**
     * Hands every dead letter, oldest first, {@code pageSize} at a time, each page read from the broker when the
     * one before was handled: no more than one page of bodies is held at once.
     */
    void forEachPage(int pageSize, Consumer<List<Read>> handler) {
        long after = -1;
        while (running) {
            List<Long> page = idsAfter(after, pageSize);
            if (page.isEmpty()) {
                return;
            }
            handler.accept(read(page));
            after = page.get(page.size() - 1);
        }
    }

    /** How many dead letters the topic holds. */
    synchronized int count() {
        return live.size();
    }

    private synchronized List<Long> ids(int limit) {
        return live.after(-1, limit);
    }

    private synchronized List<Long> idsAfter(long after, int limit) {
        return live.after(after, limit);
    }

    /**
     * Reads the records at {@code offsets} (oldest first) from the broker, in one pass from the first to the last;
     * gives those still live, in order. Fails when the broker does not hand them within the send timeout.
     */
    private List<Read> read(List<Long> offsets) {
        List<Long> live;
        synchronized (this) {
            live = offsets.stream().filter(this.live::contains).toList();
        }
        if (live.isEmpty()) {
            return List.of();
        }
        Set<Long> wanted = new HashSet<>(live);
        long last = live.get(live.size() - 1);
        List<Read> found = new ArrayList<>();
        synchronized (readerLock) {
            KafkaConsumer<String, byte[]> client = reader();
            client.seek(partition, live.get(0));
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            while (client.position(partition) <= last) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker did not hand dead letters " + live.get(0)
                            + " to " + last + " within " + sendTimeout);
                }
                for (ConsumerRecord<String, byte[]> record : client.poll(READ_POLL)) {
                    if (wanted.contains(record.offset())) {
                        read(record).ifPresent(found::add);
                    }
                }
            }
        }
        synchronized (this) {
            // a dead letter removed while the page was read is not handed out
            return found.stream().filter(read -> this.live.contains(read.letter().id())).toList();
        }
    }

    /** The consumer that reads dead letters by offset, created on first use; under {@link #readerLock}. */
    private KafkaConsumer<String, byte[]> reader() {
        if (reader == null) {
            reader = new KafkaConsumer<>(clientProperties("imhook-dead-letters-reader-"));
            reader.assign(List.of(partition));
        }
        return reader;
    }

    /** Removes dead letter {@code id} by a tombstone, waiting for the broker; false when there is none. */
    boolean remove(long id) {
        return readOne(id).map(this::remove).orElse(false);
    }

    /**
     * Removes a dead letter read from the broker by a tombstone under its key (so compaction drops it) that names
     * its offset (so every replica's index drops it), waiting for the broker; true once the broker has it.
     */
    boolean remove(Read read) {
        long id = read.letter().id();
        ProducerRecord<String, byte[]> tombstone = new ProducerRecord<>(topic, 0, read.recordKey(), null);
        tombstone.headers().add(REMOVES_OFFSET, KafkaRecords.bytes(String.valueOf(id)));
        try {
            producer.send(tombstone).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka broker did not take the removal of dead letter " + id, e);
        }
        synchronized (this) {
            // the follower may have seen the tombstone already: the dead letter was there when it was read
            live.remove(id);
        }
        return true;
    }

    void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (readerLock) {
            if (reader != null) {
                reader.close(Duration.ofSeconds(2));
                reader = null;
            }
        }
    }
}
