package dev.parley.app;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.parley.server.Redaction;

/**
 * {@code %redactedMsg} in the log layout: a log line's message with every secret the running server knows, and
 * every secret shape, blanked out, whatever code wrote it (Parley's, Vert.x's, a driver's). The last line of defence
 * behind the redaction each sink already does.
 */
public final class RedactedMessage extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.forLogs(super.convert(event));
    }
}
