package io.imhook.dispatch.after;

import java.util.Map;

import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.FanOutTargets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The after-queue's behaviour on the memory backend (the default). */
@QuarkusTest
@TestProfile(MemoryAfterQueueTest.Memory.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(FanOutTargets.class)
class MemoryAfterQueueTest extends AfterQueueBehaviour {

    public static class Memory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return schedule();
        }
    }
}
