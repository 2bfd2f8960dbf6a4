package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where prepaid accounts, their orders and their daily charges are kept: implemented by the store on SQLite and
 * PostgreSQL. The charges are written by the ledger itself, in the transaction that stores each usage row, so that a
 * row is charged exactly once; nothing here charges. Calls block.
 */
public interface BalanceStore {

    /** Opens an account; a team or member that has one already is a {@link TenancyConflictException}. */
    Account openAccount(Account account);

    Optional<Account> account(Scope scope);

    /**
     * Books an order, unless an order of the account with the same reference was booked before: the same order
     * (kind and amount too) is then not booked again; a different one is a {@link TenancyConflictException}.
     */
    OrderPlacement placeOrder(Order order);

    /** The account's orders, in id order. */
    Page<Order> orders(String accountId, PageRequest page);

    /** The account's credit and charges as the ledger has them. */
    AccountStanding standing(Account account);

    /** What the ledger's rows charged the account, in total. */
    BigDecimal charged(String accountId);

    /** The account's statement for the UTC days from {@code since} to {@code until} (excluded). */
    Statement statement(Account account, LocalDate since, LocalDate until);

    /** Every account with its credit, for the request path. */
    Accounts accounts();
}
