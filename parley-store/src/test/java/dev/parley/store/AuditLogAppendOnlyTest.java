package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The audit log is append-only in the code too: no source or migration of the store changes or removes an entry. */
class AuditLogAppendOnlyTest {

    private static final Pattern CHANGES_AUDIT_LOG =
            Pattern.compile("(UPDATE\\s+audit_log|DELETE\\s+FROM\\s+audit_log|TRUNCATE\\s+(TABLE\\s+)?audit_log)");

    @Test
    void nothingButInsertTouchesTheAuditLog() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
            sources = files.filter(Files::isRegularFile).toList();
        }

        assertThat(sources).anyMatch(file -> file.endsWith("AuditRepository.java"));
        for (Path source : sources) {
            String text = Files.readString(source).toUpperCase(Locale.ROOT).replace("AUDIT_LOG", "audit_log");
            assertThat(CHANGES_AUDIT_LOG.matcher(text).find()).as(source.toString()).isFalse();
        }
    }
}
