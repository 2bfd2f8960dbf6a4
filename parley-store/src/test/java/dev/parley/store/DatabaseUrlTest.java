package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void sqliteTakesAPathWithOrWithoutTheJdbcPrefix() {
        assertThat(DatabaseUrl.parse("sqlite:data/parley.db"))
                .isEqualTo(new DatabaseUrl.Sqlite(Path.of("data/parley.db")));
        assertThat(DatabaseUrl.parse("jdbc:sqlite:/var/lib/parley/parley.db"))
                .isEqualTo(new DatabaseUrl.Sqlite(Path.of("/var/lib/parley/parley.db")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "sqlite::memory:", "jdbc:sqlite:file:parley.db?mode=ro", "sqlite:a.db?x=1"})
    void sqliteRefusesAnythingButAPlainFile(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain database file path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "postgres"})
    void postgresUserInfoMovesOutOfTheJdbcUrl(String scheme) {
        DatabaseUrl url = DatabaseUrl.parse(scheme + "://parley:s%40cret@db.example:6543/ledger?sslmode=require");

        assertThat(url).isEqualTo(new DatabaseUrl.Postgres(
                "jdbc:postgresql://db.example:6543/ledger?sslmode=require", Optional.of("parley"), Optional.of("s@cret")));
    }

    @Test
    void postgresWithoutPasswordOrPortIsFine() {
        assertThat(DatabaseUrl.parse("postgresql://parley@localhost/ledger")).isEqualTo(new DatabaseUrl.Postgres(
                "jdbc:postgresql://localhost/ledger", Optional.of("parley"), Optional.empty()));
    }

    @Test
    void jdbcPostgresIsTakenAsItIs() {
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

        assertThat(DatabaseUrl.parse(jdbc)).isEqualTo(new DatabaseUrl.Postgres(jdbc, Optional.empty(), Optional.empty()));
    }

    @Test
    void passwordsAreMaskedWhereverTheyAre() {
        assertThat(DatabaseUrl.parse("postgresql://parley:hunter2@db:5432/ledger").masked())
                .doesNotContain("hunter2")
                .contains("jdbc:postgresql://db:5432/ledger", "parley");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/ledger?user=parley&password=hunter2&ssl=true").masked())
                .isEqualTo("jdbc:postgresql://db/ledger?user=parley&password=***&ssl=true");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/ledger?sslpassword=hunter2").masked())
                .doesNotContain("hunter2");
        assertThat(DatabaseUrl.parse("postgresql://parley:hunter2@db/ledger").toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://root:hunter2@db/ledger", "postgresql://parley:hunter2@/ledger",
        "postgresql://parley:hunter2@db", "jdbc:h2:mem:x;password=hunter2"})
    void badUrlsAreRefusedWithoutShowingThePassword(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("hunter2");
    }
}
