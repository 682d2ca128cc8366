package dev.importjobs.core.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a {@code java.util.logging} logger publishes while this is open, for tests that read a log line. The
 * lines go to the test only, not to the console; closing puts the logger back as it was.
 */
public final class CapturedLog implements AutoCloseable {
    /** Held, so the logger and its settings are not collected while captured. */
    private final Logger logger;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String loggerName, Level level) {
        logger = Logger.getLogger(loggerName);
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Captures what {@code loggerName} logs at its own level. */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName, null);
    }

    /** Captures what {@code loggerName} logs at {@code level} or above, for as long as this is open. */
    public static CapturedLog of(String loggerName, Level level) {
        return new CapturedLog(loggerName, level);
    }

    /** The records published so far, oldest first. */
    public List<LogRecord> records() {
        return records;
    }

    /** The messages published so far, oldest first. */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(true);
        logger.setLevel(levelBefore);
    }
}
