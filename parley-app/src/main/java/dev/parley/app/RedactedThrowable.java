package dev.parley.app;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.parley.server.Redaction;

/**
 * {@code %redactedEx} in the log layout: a stack trace with its exception messages redacted like the message (a
 * client library's exception may quote the URL or header it failed with).
 */
public final class RedactedThrowable extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.forLogs(super.convert(event));
    }
}
