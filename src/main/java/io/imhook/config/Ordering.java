package io.imhook.config;

/** How the after-callbacks of one key are ordered ({@code ordering:} of a {@code webhooks.yml} entry). */
public enum Ordering {
    /** Events of one conversation are delivered one at a time, in the order they were accepted (the default). */
    CONVERSATION,
    /** Every event is delivered on its own: none waits behind another's retries. */
    NONE
}
