package io.imhook.dispatch.after.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaConsumerPropertiesTest {

    @Test
    void aFetchWaitsFor32KbOr20MsByDefault() {
        Properties properties = KafkaBackend.consumerProperties(Map.of("bootstrap.servers", "b:9092"), "g", 100);

        assertThat(properties).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "32768")
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20")
                .containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void kafkaPropertiesOverrideTheFetchDefaultsButNotWhatTheQueueReliesOn() {
        Properties properties = KafkaBackend.consumerProperties(Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                ConsumerConfig.GROUP_ID_CONFIG, "other"), "imhook", 10_000);

        assertThat(properties).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1")
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "imhook")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    }
}
