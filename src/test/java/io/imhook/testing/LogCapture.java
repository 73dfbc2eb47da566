package io.imhook.testing;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

/** Log lines of one logger, as the tests read them: the formatted message of each record. */
public final class LogCapture {

    private LogCapture() {
    }

    /** A handler that adds the formatted message of every record it sees to {@code lines}. */
    public static Handler into(List<String> lines) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
