package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The payer rule: the member's account, else the team's, else none; never an account opened after the request. */
class AccountsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    private static final Account TEAM = new Account("acct_t", new Scope(ScopeKind.TEAM, "t"), T0, Optional.empty());
    private static final Account MEMBER = new Account("acct_m", new Scope(ScopeKind.MEMBER, "m"), T0,
            Optional.empty());
    private static final Attribution PERSONAL = new Attribution(Optional.of("k"), Optional.of("m"), Optional.of("p"),
            Optional.of("t"));
    private static final Attribution SERVICE = new Attribution(Optional.of("k2"), Optional.empty(), Optional.of("p"),
            Optional.of("t"));

    @Test
    void aMembersAccountPaysBeforeTheTeams() {
        Accounts accounts = new Accounts(List.of(TEAM, MEMBER), Map.of());

        assertThat(accounts.payer(PERSONAL, T0.plusSeconds(1))).contains(MEMBER);
        assertThat(accounts.payer(SERVICE, T0.plusSeconds(1))).contains(TEAM);
    }

    @Test
    void theTeamsAccountPaysForAMemberWithoutOne() {
        Accounts accounts = new Accounts(List.of(TEAM), Map.of());

        assertThat(accounts.payer(PERSONAL, T0)).contains(TEAM);
        assertThat(accounts.payer(new Attribution(Optional.of("k"), Optional.of("m"), Optional.of("p"),
                Optional.empty()), T0)).isEmpty();
    }

    @Test
    void withoutAnAccountOfTheMemberOrTheTeamNothingIsPrepaid() {
        Accounts accounts = new Accounts(List.of(new Account("acct_o", new Scope(ScopeKind.TEAM, "other"), T0,
                Optional.empty())), Map.of());

        assertThat(accounts.payer(PERSONAL, T0)).isEmpty();
        assertThat(accounts.payer(Attribution.NONE, T0)).isEmpty();
        assertThat(Accounts.NONE.payer(PERSONAL, T0)).isEmpty();
    }

    @Test
    void anAccountOpenedAfterTheRequestStartedDoesNotPayForIt() {
        Account later = new Account("acct_m2", new Scope(ScopeKind.MEMBER, "m"), T0.plusSeconds(60), Optional.empty());
        Accounts accounts = new Accounts(List.of(TEAM, later), Map.of());

        assertThat(accounts.payer(PERSONAL, T0.plusSeconds(59))).contains(TEAM);
        assertThat(accounts.payer(PERSONAL, T0.plusSeconds(60))).contains(later);
        assertThat(accounts.payer(SERVICE, T0.minusNanos(1))).isEmpty();
    }

    @Test
    void creditIsWhatTheOrdersAddUpToAndZeroWithout() {
        Accounts accounts = new Accounts(List.of(TEAM, MEMBER), Map.of("acct_t", new BigDecimal("12.5")));

        assertThat(accounts.credit(TEAM)).isEqualByComparingTo("12.5");
        assertThat(accounts.credit(MEMBER)).isZero();
    }

    @Test
    void onlyTeamsAndMembersHoldAccounts() {
        assertThatThrownBy(() -> new Account("a", new Scope(ScopeKind.KEY, "k"), T0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> new Account("a", new Scope(ScopeKind.PROJECT, "p"), T0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account("a", new Scope(ScopeKind.TEAM, "t"), T0,
                Optional.of(new BigDecimal("-1")))).isInstanceOf(IllegalArgumentException.class);
    }
}
