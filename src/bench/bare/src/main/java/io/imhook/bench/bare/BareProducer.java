package io.imhook.bench.bare;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The baseline of imhook's Kafka-mode intake: the body sent to a topic of as many partitions as imhook's (12), keyed
 * by the caller's {@code operationID}, by a producer set up as imhook's ({@code acks=all}, idempotent, 1 ms linger),
 * and 202 once the broker acknowledged it. No decision, ledger, metric or log. Built at start-up, where the topic
 * is created and its metadata fetched, so that no request waits for them.
 */
@Path("/produce")
@Singleton
@Startup
public class BareProducer {

    private static final String TOPIC = "bare-after-callbacks";

    private final KafkaProducer<String, byte[]> producer;

    public BareProducer(@ConfigProperty(name = "bare.kafka") String brokers) throws Exception {
        if ("none".equals(brokers)) {
            producer = null;
            return;
        }
        Properties properties = new Properties();
        properties.put("bootstrap.servers", brokers);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(properties);
        // the topic's metadata, so that no send on the event loop waits for it
        producer.partitionsFor(TOPIC);
    }

    @POST
    @Path("{key}")
    public Uni<Response> produce(@PathParam("key") String key, @HeaderParam("operationID") String operationID,
            byte[] body) {
        if (producer == null) {
            return Uni.createFrom().item(Response.status(503).build());
        }
        return Uni.createFrom().emitter(emitter -> producer.send(new ProducerRecord<>(TOPIC, operationID, body),
                (metadata, failure) -> emitter.complete(Response.status(failure == null ? 202 : 503).build())));
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
