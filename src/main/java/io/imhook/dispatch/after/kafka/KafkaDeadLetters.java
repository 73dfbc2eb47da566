package io.imhook.dispatch.after.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
import io.imhook.dispatch.after.Delivery;

/**
 * The dead letters of the Kafka backend: a compacted one-partition topic. A dead letter is a record keyed by its
 * own fresh key, with the event's headers plus attempts and last error; deleting or replaying it writes a
 * tombstone for that key. Each replica follows the topic from its start in a thread of its own, so every replica
 * lists the same dead letters; a dead letter's id in the admin API is its offset.
 */
final class KafkaDeadLetters {

    private static final Logger LOG = Logger.getLogger(KafkaDeadLetters.class);

    private record Entry(String recordKey, DeadLetter letter, Delivery delivery) {
    }

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final Properties consumerProperties;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread follower;

    KafkaDeadLetters(String topic, KafkaProducer<String, byte[]> producer, Duration sendTimeout,
            Map<String, Object> common) {
        this.topic = topic;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.consumerProperties = new Properties();
        consumerProperties.putAll(common);
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "imhook-dead-letters-" + UUID.randomUUID());
    }

    void start() {
        consumer = new KafkaConsumer<>(consumerProperties);
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        follower = new Thread(this::follow, "imhook-dead-letters");
        follower.setDaemon(true);
        follower.start();
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
            entries.remove(record.key());
            return;
        }
        Optional<Delivery> delivery = KafkaRecords.delivery(record);
        if (delivery.isEmpty()) {
            LOG.warnf("dead-letter topic %s: skipped a record that is not an imhook event at offset %d", topic,
                    record.offset());
            return;
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
        entries.put(record.key(), new Entry(record.key(), new DeadLetter(record.offset(), delivery.get().type().key(),
                delivery.get().operationID(), body, attempts, lastError, failedAt), delivery.get()));
    }

    /** Writes one dead letter; completes once the broker acknowledged it. */
    java.util.concurrent.CompletableFuture<Void> add(Delivery delivery, int attempts, String lastError) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, UUID.randomUUID().toString(),
                delivery.body());
        KafkaRecords.put(record.headers(), delivery);
        record.headers().add(KafkaRecords.ATTEMPTS, KafkaRecords.bytes(String.valueOf(attempts)))
                .add(KafkaRecords.LAST_ERROR, KafkaRecords.bytes(lastError))
                .add(KafkaRecords.FAILED_AT, KafkaRecords.bytes(Instant.now().toString()));
        java.util.concurrent.CompletableFuture<Void> sent = new java.util.concurrent.CompletableFuture<>();
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

    synchronized List<DeadLetter> list(int limit) {
        return entries.values().stream().map(Entry::letter).sorted(Comparator.comparingLong(DeadLetter::id))
                .limit(limit).toList();
    }

    private synchronized Optional<Entry> byId(long id) {
        return entries.values().stream().filter(entry -> entry.letter().id() == id).findFirst();
    }

    /** The delivery of dead letter {@code id}, to replay; empty when there is none. */
    Optional<Delivery> delivery(long id) {
        return byId(id).map(Entry::delivery);
    }

    /** Ids of every dead letter, oldest first. */
    synchronized List<Long> ids() {
        return new ArrayList<>(entries.values().stream().map(entry -> entry.letter().id()).sorted().toList());
    }

    /** Removes dead letter {@code id} by a tombstone, waiting for the broker; false when there is none. */
    boolean remove(long id) {
        Optional<Entry> entry = byId(id);
        if (entry.isEmpty()) {
            return false;
        }
        try {
            producer.send(new ProducerRecord<>(topic, 0, entry.get().recordKey(), null))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka broker did not take the removal of dead letter " + id, e);
        }
        synchronized (this) {
            entries.remove(entry.get().recordKey());
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
    }
}
