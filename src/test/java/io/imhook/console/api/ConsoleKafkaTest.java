package io.imhook.console.api;

import io.imhook.dispatch.after.KafkaAfterQueueTest;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The console's after-callbacks on the Kafka backend, against a real broker. */
@QuarkusTest
@TestProfile(KafkaAfterQueueTest.Kafka.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(KafkaBrokerResource.class)
class ConsoleKafkaTest extends ConsoleDeadLettersBehaviour {

    @Override
    String backend() {
        return "kafka";
    }
}
