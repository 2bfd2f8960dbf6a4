package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A database password appears in no log line and no error message, whether opening works or not. */
class PostgresCredentialsTest {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("[?&]password=([^&]*)");

    @ParameterizedTest
    @ValueSource(strings = {
        "postgresql://parley:%s@127.0.0.1:1/ledger",
        "jdbc:postgresql://127.0.0.1:1/ledger?user=parley&password=%s"})
    void failingToConnectShowsNoPassword(String template) {
        String secret = secret();

        try (CapturedLogs logs = CapturedLogs.capture()) {
            assertThatThrownBy(() -> Database.open(template.formatted(secret)))
                    .isInstanceOf(StoreException.Unavailable.class)
                    .satisfies(e -> assertThat(messages(e)).doesNotContain(secret));
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(secret));
        }
    }

    @Test
    void openingAndMigratingShowsNoPassword() throws Exception {
        PostgresServer.requireReachable();
        // The configured password if there is one; otherwise a made-up one that a trusting server ignores.
        Matcher configured = PASSWORD_PARAMETER.matcher(PostgresServer.URL);
        boolean hasPassword = configured.find();
        String secret = hasPassword ? configured.group(1) : secret();
        try (TestDatabase schema = PostgresServer.freshSchema();
                CapturedLogs logs = CapturedLogs.capture()) {
            String url = hasPassword ? schema.url() : schema.url() + "&password=" + secret;

            try (Database database = Database.open(url)) {
                assertThat(new UsageRepository(database).count()).isZero();
                assertThat(database.toString()).doesNotContain(secret);
            }

            assertThat(logs.lines()).anyMatch(line -> line.contains("Opened"))
                    .noneMatch(line -> line.contains(secret));
        }
    }

    private static String secret() {
        return "secret-" + UUID.randomUUID();
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
