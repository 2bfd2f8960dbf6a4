package dev.parley.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A statement parameter that needs its SQL type spelled out: a typed NULL, or an exact decimal. */
sealed interface SqlValue {

    void bind(PreparedStatement statement, int index) throws SQLException;

    /** A value or NULL, of SQL type {@code sqlType}. */
    record Nullable(Optional<?> value, int sqlType) implements SqlValue {
        @Override
        public void bind(PreparedStatement statement, int index) throws SQLException {
            if (value.isPresent()) {
                statement.setObject(index, value.get());
            } else {
                statement.setNull(index, sqlType);
            }
        }
    }

    /**
     * A decimal as its plain text typed NUMERIC: PostgreSQL's driver sends it as an exact numeric, SQLite's stores
     * the text (its NUMERIC would go through a double).
     */
    record Decimal(BigDecimal value) implements SqlValue {
        @Override
        public void bind(PreparedStatement statement, int index) throws SQLException {
            statement.setObject(index, value.toPlainString(), Types.NUMERIC);
        }
    }

    static SqlValue text(Optional<String> value) {
        return new Nullable(value, Types.VARCHAR);
    }

    static SqlValue bigint(Optional<Long> value) {
        return new Nullable(value, Types.BIGINT);
    }

    static SqlValue integer(OptionalInt value) {
        return new Nullable(value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty(), Types.INTEGER);
    }

    static SqlValue bigint(OptionalLong value) {
        return new Nullable(value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty(), Types.BIGINT);
    }
}
