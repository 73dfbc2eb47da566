package io.imhook.dispatch;

import io.vertx.core.Vertx;

/** {@link Deadlines} for plain JUnit tests of the guards, on a Vert.x of their own. */
final class TestDeadlines {

    static final Deadlines DEADLINES = new Deadlines(Vertx.vertx());

    private TestDeadlines() {
    }
}
