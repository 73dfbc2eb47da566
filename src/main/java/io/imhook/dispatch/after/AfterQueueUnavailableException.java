package io.imhook.dispatch.after;

/** The after-queue's store could not keep an event in time (the Kafka broker did not acknowledge it): refused. */
public class AfterQueueUnavailableException extends RuntimeException {

    public AfterQueueUnavailableException(String key, String why) {
        super(key + " was not accepted (" + why + "); retry later", null, false, false);
    }
}
