package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;

import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.LogCapture;

/** At most one WARN line per key and reason per interval, and a count of the rest. */
class FailedDecisionLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = LogCapture.into(lines);
    private final Logger logger = Logger.getLogger(Dispatcher.class.getName());
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailedDecisionLog log = new FailedDecisionLog(5_000, now::get);

    @BeforeEach
    void capture() {
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
    }

    private static Decision failed(String key, Reason reason, String operationID) {
        return Decision.of(key, operationID, Verdict.failed(ExchangeFailure.network(reason, "detail"), true),
                System.nanoTime());
    }

    @Test
    void aFloodOfOneFailureIsOneLineAndThenOneSummaryPerInterval() {
        for (int i = 0; i < 10_000; i++) {
            log.failed(failed("beforeSendSingleMsg", Reason.CIRCUIT_OPEN, "op-" + i), Ingress.DISPATCH);
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("beforeSendSingleMsg", "operationID=op-0", "circuitOpen");

        log.flush();
        assertThat(lines).as("the interval has not passed").hasSize(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        log.flush();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("beforeSendSingleMsg", "circuitOpen", "9999 more time(s)",
                "operationID=op-9999");

        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        log.flush();
        assertThat(lines).as("nothing new to sum up").hasSize(2);
    }

    @Test
    void eachKeyAndReasonHasItsOwnFirstLine() {
        log.failed(failed("beforeSendSingleMsg", Reason.TIMEOUT, "a"), Ingress.DISPATCH);
        log.failed(failed("beforeSendSingleMsg", Reason.CONNECT, "b"), Ingress.DISPATCH);
        log.failed(failed("beforeAddFriend", Reason.TIMEOUT, "c"), Ingress.GATEWAY);
        log.failed(failed("beforeAddFriend", Reason.TIMEOUT, "d"), Ingress.GATEWAY);

        assertThat(lines).hasSize(3);
        assertThat(String.join("\n", lines)).contains("operationID=a", "operationID=b", "operationID=c")
                .doesNotContain("operationID=d");
    }

    @Test
    void aFailureAfterTheIntervalIsLoggedInFullAfterTheSummaryOfTheOnesBefore() {
        log.failed(failed("beforeSendSingleMsg", Reason.TIMEOUT, "first"), Ingress.DISPATCH);
        log.failed(failed("beforeSendSingleMsg", Reason.TIMEOUT, "second"), Ingress.DISPATCH);
        now.addAndGet(TimeUnit.SECONDS.toNanos(6));
        log.failed(failed("beforeSendSingleMsg", Reason.TIMEOUT, "third"), Ingress.DISPATCH);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("1 more time(s)", "operationID=second");
        assertThat(lines.get(2)).contains("operationID=third");
    }
}
