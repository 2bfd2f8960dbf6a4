package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");

    private static Order order(OrderKind kind, String amount, String reason, Optional<String> reference) {
        return new Order("ord_1", "acct_1", kind, new BigDecimal(amount), "master", reason, reference, T0);
    }

    @Test
    void aTopUpIsPositiveAndAnAdjustmentIsSignedButNeverZero() {
        assertThat(order(OrderKind.TOP_UP, "50", "invoice 7", Optional.empty()).amount()).isEqualByComparingTo("50");
        assertThat(order(OrderKind.ADJUSTMENT, "-2.5", "refund", Optional.empty()).amount()).isNegative();
        assertThatThrownBy(() -> order(OrderKind.TOP_UP, "-1", "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> order(OrderKind.TOP_UP, "0", "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> order(OrderKind.ADJUSTMENT, "0.0", "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
    }

    @Test
    void anOrderNeedsAReasonAndAnAmountTheLedgerCanHold() {
        assertThatThrownBy(() -> order(OrderKind.TOP_UP, "1", " ", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> order(OrderKind.TOP_UP, "0.00000000001", "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> order(OrderKind.TOP_UP, "100000000000000", "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> order(OrderKind.TOP_UP, "1", "x", Optional.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameOrderSentAgainHasItsReferenceKindAndAmount() {
        Order first = order(OrderKind.TOP_UP, "50", "invoice 7", Optional.of("inv-7"));
        Order again = new Order("ord_2", "acct_1", OrderKind.TOP_UP, new BigDecimal("50.00"), "admin", "retry",
                Optional.of("inv-7"), T0.plusSeconds(5));

        assertThat(again.sameAs(first)).isTrue();
        assertThat(order(OrderKind.TOP_UP, "51", "x", Optional.of("inv-7")).sameAs(first)).isFalse();
        assertThat(order(OrderKind.ADJUSTMENT, "50", "x", Optional.of("inv-7")).sameAs(first)).isFalse();
        assertThat(order(OrderKind.TOP_UP, "50", "x", Optional.of("inv-8")).sameAs(first)).isFalse();
    }
}
