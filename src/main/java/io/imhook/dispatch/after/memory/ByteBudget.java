package io.imhook.dispatch.after.memory;

/**
 * The body bytes the pending events of the memory backend may hold together
 * ({@code imhook.dispatch.after-queue.capacity-bytes}): taken when an event is accepted, given back when it is
 * delivered or dead-lettered. A few arithmetic steps under a lock, fine on the event loop.
 */
final class ByteBudget {

    private final long capacity;
    private long used;

    ByteBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code bytes} when they fit; false (and nothing taken) when they would pass the capacity. */
    synchronized boolean take(long bytes) {
        if (used + bytes > capacity) {
            return false;
        }
        used += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        used = Math.max(0, used - bytes);
    }

    synchronized long used() {
        return used;
    }

    long capacity() {
        return capacity;
    }
}
