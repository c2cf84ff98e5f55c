package org.dmad.weka.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Routes the SLF4J logging of the package's libraries (DJL) to Weka's own log ({@code weka.core.logging.Logger}:
 * {@code $WEKA_HOME/weka.log}, at Weka's configured minimum level, INFO by default), so that Weka does not print
 * SLF4J's "No SLF4J providers were found" at start. SLF4J finds it through {@code META-INF/services}. Debug and
 * trace messages go to Weka's FINE and FINEST levels, which Weka's default configuration leaves out.
 */
public final class WekaLogProvider implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to set up: Weka's logger configures itself.
    }

    /** One logger per name. */
    private static final class Loggers implements ILoggerFactory {
        private final Map<String, Logger> byName = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, WekaLogger::new);
        }
    }

    /** A logger writing to Weka's log, its messages prefixed with the logger's name. */
    private static final class WekaLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        WekaLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
            weka.core.logging.Logger.Level wekaLevel = switch (level) {
                case ERROR -> weka.core.logging.Logger.Level.SEVERE;
                case WARN -> weka.core.logging.Logger.Level.WARNING;
                case INFO -> weka.core.logging.Logger.Level.INFO;
                case DEBUG -> weka.core.logging.Logger.Level.FINE;
                case TRACE -> weka.core.logging.Logger.Level.FINEST;
            };
            weka.core.logging.Logger.log(
                    wekaLevel, name + ": " + MessageFormatter.basicArrayFormat(messagePattern, arguments));
            if (throwable != null) {
                weka.core.logging.Logger.log(wekaLevel, throwable);
            }
        }
    }
}
