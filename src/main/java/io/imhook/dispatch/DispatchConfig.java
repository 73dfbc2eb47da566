package io.imhook.dispatch;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the dispatcher talks to business servers ({@code application.yaml}, prefix {@code imhook.dispatch}). */
@ConfigMapping(prefix = "imhook.dispatch")
public interface DispatchConfig {

    /** Pooled keep-alive connections per business-server host (OpenIM uses 100). */
    @WithDefault("100")
    int maxConnections();

    /**
     * How long a pooled connection to a business server may stay idle before imhook closes it. Keep it below the
     * business server's own idle timeout (Node.js: 5 s): a connection the server closes just as imhook reuses it
     * fails the callback as a connection error.
     */
    @WithDefault("4s")
    Duration keepAliveTimeout();

    /**
     * The most of a business server's reply that is read; a longer reply is a bad reply (DataError 90007).
     * Replies are never decompressed.
     */
    @WithDefault("1M")
    MemorySize maxReplySize();

    /**
     * The TLS configuration ({@code quarkus.tls.<name>.trust-store...}) https business servers are trusted with;
     * unset means the JVM's default trust store.
     */
    Optional<String> tlsConfigurationName();

    /**
     * The WARN line of a failed before-callback is written for the first failure of its key and reason in this
     * interval; the others are summed up in one line when it has passed (the metrics count every one).
     */
    @WithDefault("5s")
    Duration failureLogInterval();

    /** The circuit breaker in front of each business-server base url (before-callbacks). */
    CircuitBreakerConfig circuitBreaker();

    /** The cap on before-callbacks in flight to each business-server base url. */
    BulkheadConfig bulkhead();

    /** The queue of after-callbacks awaiting delivery. */
    AfterQueueConfig afterQueue();

    /** The shadow business servers of before-callbacks ({@code shadow:} in {@code webhooks.yml}). */
    ShadowConfig shadow();

    /** What a shadow may take: its calls never wait, and past this many in flight they are dropped and counted. */
    interface ShadowConfig {

        /** Shadow calls in flight per shadow base url; one more is dropped (counted as {@code dropped}). */
        @WithDefault("32")
        int maxInFlight();
    }

    /** When a failing business server is left alone, so that callbacks are decided at once. */
    interface CircuitBreakerConfig {

        /** Whether before-callbacks go through a circuit breaker at all. */
        @WithDefault("true")
        boolean enabled();

        /** How many of the latest calls the failure share is taken over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** The share of failures (timeout, connection error, 5xx) among them that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before half-open probes are let through. */
        @WithDefault("5s")
        Duration delay();

        /** How many successful probes close it again. */
        @WithDefault("2")
        int successThreshold();
    }

    /** The per-url cap on concurrent before-callbacks. */
    interface BulkheadConfig {

        /** Calls in flight to one base url at once; at least 1. */
        @WithDefault("100")
        int limit();

        /**
         * Calls that may wait for a free slot, at least 1; past it a call is decided at once (reason
         * {@code overloaded}).
         */
        @WithDefault("200")
        int queueSize();

        /**
         * The share of {@code limit} and {@code queue-size} one callback key may take, so that a flood of one key
         * leaves room for every other; past it that key's calls are decided at once (reason {@code overloaded}).
         */
        @WithDefault("0.5")
        double perKeyShare();

        /**
         * How many body bytes the before-callbacks held by the bulkheads (in flight or waiting) may take together,
         * across every base url: memory is the process's, whichever url holds it. Past it a before-callback is
         * decided at once (reason {@code overloaded}), as by a full bulkhead.
         */
        @WithDefault("16M")
        MemorySize maxHeldBytes();
    }

    /** The after-callback queue. */
    interface AfterQueueConfig {

        /**
         * Where accepted after-callbacks are kept until delivered, chosen at run time: {@code memory} (in this
         * process, lost on a crash) or {@code kafka} (a Kafka topic shared by every replica).
         */
        @WithDefault("memory")
        Backend backend();

        /** The Kafka backend's topics and client settings; read only when {@code backend} is {@code kafka}. */
        KafkaConfig kafka();

        /**
         * How many events may wait for a delivery worker (memory backend); past it {@code POST /dispatch/{key}}
         * answers 503. The Kafka backend is bounded by its topic instead.
         */
        @WithDefault("10000")
        int capacity();

        /**
         * How many body bytes the pending events (waiting, in flight or waiting for a retry) may hold together
         * (memory backend); past it {@code POST /dispatch/{key}} answers 503 with {@code Retry-After}, counted as
         * refused, as a full queue is. The Kafka backend keeps events in the broker, not here: this does not apply.
         */
        @WithDefault("32M")
        MemorySize capacityBytes();

        /** How many deliveries run at once to each target. */
        @WithDefault("16")
        int workers();

        /** How failed deliveries are retried. */
        RetryConfig retry();

        /**
         * How many dead letters are kept (memory backend); past it the oldest is logged and discarded, counted in
         * {@code imhook.after.queue.dead.letters.evicted{limit="count"}}. The Kafka backend keeps them in its
         * dead-letter topic instead.
         */
        @WithDefault("10000")
        int deadLetterCapacity();

        /**
         * How many body bytes the dead letters may hold together (memory backend); past it the oldest are logged
         * and discarded (the newest is always kept), counted in
         * {@code imhook.after.queue.dead.letters.evicted{limit="bytes"}}. The Kafka backend keeps its dead letters in
         * the broker's topic: this does not apply.
         */
        @WithDefault("16M")
        MemorySize deadLetterCapacityBytes();

        /** How long shutdown waits for pending events (Kubernetes' default termination grace is 30 s). */
        @WithDefault("25s")
        Duration shutdownGrace();
    }

    /** Exponential backoff with jitter; a {@code Retry-After} answer sets the next delay instead. */
    interface RetryConfig {

        /** Retries after the first attempt; then the event goes to the dead letters. */
        @WithDefault("5")
        int maxRetries();

        /** The delay before the first retry. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Each further delay is the previous one times this. */
        @WithDefault("2")
        double factor();

        /** No delay is longer than this, {@code Retry-After} included. */
        @WithDefault("60s")
        Duration maxDelay();

        /** Each delay is shortened by a random share of up to this much, so retries spread out. */
        @WithDefault("0.2")
        double jitter();
    }

    /** The after-queue backends. */
    enum Backend {
        MEMORY, KAFKA
    }

    /** The Kafka backend ({@code imhook.dispatch.after-queue.kafka}); the brokers are {@code kafka.bootstrap.servers}. */
    interface KafkaConfig {

        /** The topic accepted after-callbacks are written to, keyed by conversation. */
        @WithDefault("imhook-after-callbacks")
        String topic();

        /** The topic of given-up after-callbacks, which {@code /admin/dead-letters} lists and replays. */
        @WithDefault("imhook-after-callbacks-dead-letters")
        String deadLetterTopic();

        /** The consumer group every replica delivers in; the topic's partitions are shared among them. */
        @WithDefault("imhook")
        String groupId();

        /** Partitions of {@code topic} when imhook creates it: the most replicas that can deliver at once. */
        @WithDefault("12")
        int partitions();

        /** Replicas of each partition when imhook creates the topics (1 for a test broker; 3 in production). */
        @WithDefault("1")
        short replicationFactor();

        /** Whether the topics are created at start when absent (with {@code partitions} and the factor above). */
        @WithDefault("true")
        boolean createTopics();

        /** How long an after-callback may wait for the broker's acknowledgement before it is refused with 503. */
        @WithDefault("5s")
        Duration sendTimeout();

        /**
         * How long the producer waits for more events to send in one batch with the first ({@code linger.ms}); each
         * event's 202 waits for its batch's acknowledgement.
         */
        @WithDefault("1ms")
        Duration linger();

        /** Events one replica holds taken from the topic and not yet finished; past it, it stops fetching. */
        @WithDefault("1000")
        int maxPolled();

        /**
         * Body bytes the events one replica holds taken from the topic may take together; past it, it stops
         * fetching (the event that passes it is still taken, so one larger than this is never stuck).
         */
        @WithDefault("32M")
        MemorySize maxPolledBytes();
    }
}
