package io.imhook.dispatch.after.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.PayloadCodec;
import io.imhook.dispatch.Ingress;
import io.imhook.dispatch.after.DeadLetter;
import io.imhook.dispatch.after.Delivery;
import io.imhook.testing.KafkaBroker;

/**
 * The Kafka backend's dead letters against a real broker: a replica keeps no body of them in memory, however many
 * the topic holds, and still lists, reads and pages through every one of them.
 */
class KafkaDeadLettersTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int LARGE_BODY = 512 * 1024;

    private final List<KafkaDeadLetters> started = new ArrayList<>();
    private Map<String, Object> common;
    private KafkaProducer<String, byte[]> producer;
    private String topic;

    @BeforeEach
    void freshTopic() throws Exception {
        common = Map.of("bootstrap.servers", KafkaBroker.instance().bootstrapServers());
        Properties admin = new Properties();
        admin.putAll(common);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        topic = "dead-letters-" + UUID.randomUUID();
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(60, TimeUnit.SECONDS);
        }
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * LARGE_BODY));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(properties);
    }

    @AfterEach
    void close() {
        started.forEach(KafkaDeadLetters::close);
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aReplicaHoldsNoBodyOfTheDeadLettersItFollows() {
        int count = 64;
        List<String> operationIDs = write(count, LARGE_BODY);
        long before = usedHeapAfterGc();

        KafkaDeadLetters letters = follow();
        await().atMost(Duration.ofSeconds(60)).until(() -> letters.count() == count);

        // 32 MiB of bodies in the topic (held as bytes and parsed, they took twice that); the bound leaves room for
        // what else the test JVM keeps meanwhile (a Quarkus app of an earlier test)
        long held = usedHeapAfterGc() - before;
        assertThat(held).as("heap the followed dead letters take").isLessThan(16L * 1024 * 1024);

        // and every one is still listed and read back, from the broker
        List<DeadLetter> listed = letters.list(count + 10);
        assertThat(listed).extracting(DeadLetter::operationID).containsExactlyElementsOf(operationIDs);
        assertThat(listed.get(count - 1).body().get("groupID").asText()).isEqualTo(operationIDs.get(count - 1));
        Delivery last = letters.readOne(listed.get(count - 1).id()).orElseThrow().delivery();
        assertThat(last.operationID()).isEqualTo(operationIDs.get(count - 1));
        assertThat(last.body()).hasSize(LARGE_BODY);
    }

    @Test
    void everyDeadLetterIsHandedPageByPageAndRemovalsReachEveryReplica() {
        int count = 12;
        List<String> operationIDs = write(count, 200);
        KafkaDeadLetters letters = follow();
        await().atMost(Duration.ofSeconds(60)).until(() -> letters.count() == count);

        List<Integer> pageSizes = new ArrayList<>();
        List<String> handed = new ArrayList<>();
        letters.forEachPage(5, page -> {
            pageSizes.add(page.size());
            page.forEach(read -> handed.add(read.delivery().operationID()));
        });
        assertThat(pageSizes).containsExactly(5, 5, 2);
        assertThat(handed).containsExactlyElementsOf(operationIDs);

        long removed = letters.list(count).get(4).id();
        assertThat(letters.remove(removed)).isTrue();
        assertThat(letters.readOne(removed)).isEmpty();
        assertThat(letters.remove(removed)).isFalse();
        assertThat(letters.list(count)).extracting(DeadLetter::operationID).hasSize(count - 1)
                .doesNotContain(operationIDs.get(4));

        // a replica that starts later reads the tombstones too
        letters.list(count).forEach(letter -> letters.remove(letter.id()));
        String marker = write(1, 200).get(0);
        KafkaDeadLetters later = follow();
        await().atMost(Duration.ofSeconds(60)).until(() -> later.count() == 1);
        assertThat(later.list(count)).extracting(DeadLetter::operationID).containsExactly(marker);
    }

    private KafkaDeadLetters follow() {
        KafkaDeadLetters letters = new KafkaDeadLetters(topic, producer, SEND_TIMEOUT, common);
        started.add(letters);
        letters.start();
        return letters;
    }

    /** Writes {@code count} dead letters of {@code size} body bytes; gives their operationIDs, in order. */
    private List<String> write(int count, int size) {
        KafkaDeadLetters writer = new KafkaDeadLetters(topic, producer, SEND_TIMEOUT, common);
        String run = UUID.randomUUID().toString();
        List<String> operationIDs = IntStream.range(0, count).mapToObj(i -> run + "-" + i).toList();
        for (String operationID : operationIDs) {
            writer.add(delivery(operationID, size), 4, "business server answered HTTP 500").join();
        }
        return operationIDs;
    }

    private static Delivery delivery(String operationID, int size) {
        String head = "{\"groupID\":\"" + operationID + "\",\"userID\":\"u1\",\"pad\":\"";
        byte[] body = (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.US_ASCII);
        return new Delivery(CallbackCatalogue.byKey("afterQuitGroup").orElseThrow(), operationID, null, body,
                PayloadCodec.read(body, JsonNode.class), Ingress.DISPATCH, null);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
