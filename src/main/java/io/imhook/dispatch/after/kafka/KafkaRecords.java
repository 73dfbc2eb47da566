package io.imhook.dispatch.after.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.dispatch.Ingress;
import io.imhook.dispatch.after.Delivery;

/**
 * How an after-callback is written to Kafka: the record's key is its conversation (so one conversation stays in
 * one partition, in order), its value the request body as it is sent, and the rest headers. The event id travels
 * with it, so a redelivered or replayed event keeps its id.
 */
final class KafkaRecords {

    static final String ID = "imhook-id";
    static final String KEY = "imhook-key";
    static final String OPERATION_ID = "imhook-operation-id";
    static final String ROUTE_KEY = "imhook-route-key";
    static final String TRACEPARENT = "traceparent";
    static final String CONVERSATION = "imhook-conversation";
    /** Only on a record for one target (a replayed dead letter): a fresh event goes to every target of its key. */
    static final String TARGET = "imhook-target";
    static final String INGRESS = "imhook-ingress";
    static final String ATTEMPTS = "imhook-attempts";
    static final String LAST_ERROR = "imhook-last-error";
    static final String FAILED_AT = "imhook-failed-at";

    private KafkaRecords() {
    }

    /** The record of an accepted event on the delivery topic. */
    static ProducerRecord<String, byte[]> event(String topic, Delivery delivery) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, delivery.conversation(), delivery.body());
        put(record.headers(), delivery);
        return record;
    }

    static void put(Headers headers, Delivery delivery) {
        headers.add(ID, bytes(delivery.id()))
                .add(KEY, bytes(delivery.type().key()))
                .add(OPERATION_ID, bytes(delivery.operationID()))
                .add(CONVERSATION, bytes(delivery.conversation()))
                .add(INGRESS, bytes(delivery.ingress().name()));
        if (delivery.routeKeyQuery() != null) {
            headers.add(ROUTE_KEY, bytes(delivery.routeKeyQuery()));
        }
        if (delivery.traceparent() != null) {
            headers.add(TRACEPARENT, bytes(delivery.traceparent()));
        }
        if (delivery.target() != null) {
            headers.add(TARGET, bytes(delivery.target()));
        }
    }

    /** The event a record carries; empty for a record that is not one of ours (logged and skipped). */
    static Optional<Delivery> delivery(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        Optional<CallbackType> type = text(headers, KEY).flatMap(CallbackCatalogue::byKey);
        Optional<String> id = text(headers, ID);
        if (type.isEmpty() || id.isEmpty() || record.value() == null) {
            return Optional.empty();
        }
        String conversation = text(headers, CONVERSATION).orElse(record.key());
        Ingress ingress = text(headers, INGRESS).filter(name -> name.equals(Ingress.GATEWAY.name()))
                .map(Ingress::valueOf).orElse(Ingress.DISPATCH);
        return Optional.of(new Delivery(id.get(), type.get(), text(headers, OPERATION_ID).orElse(""),
                text(headers, ROUTE_KEY).orElse(null), record.value(),
                conversation == null ? "key:" + type.get().key() : conversation, ingress,
                text(headers, TRACEPARENT).orElse(null), text(headers, TARGET).orElse(null)));
    }

    static Optional<String> text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
