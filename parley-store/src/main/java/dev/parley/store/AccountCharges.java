package dev.parley.store;

import dev.parley.core.tenancy.Accounts;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepaid balances: the cost of each row stored, charged to the account that pays for it ({@link Accounts#payer}),
 * in the UTC day the request started and under its model. Done in the inserting transaction with only the rows it
 * stored, so a row is charged once however often its batch is retried or replayed; a row stored before its
 * account was opened is not charged to it.
 */
final class AccountCharges {

    private static final String ADD = "INSERT INTO account_charges (account_id, day, model, charged, requests)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, day, model) DO UPDATE SET"
            + " charged = account_charges.charged + excluded.charged,"
            + " requests = account_charges.requests + excluded.requests";

    private AccountCharges() {}

    /** One account's charges of one day and model. */
    private record Bucket(String accountId, LocalDate day, String model) {
    }

    private record Sum(BigDecimal amount, long requests) {
        Sum plus(Sum other) {
            return new Sum(amount.add(other.amount), requests + other.requests);
        }
    }

    /** Charges {@code inserted}, rows just stored, to their accounts, in the inserting transaction. */
    static void charge(Connection connection, Database.Kind kind, List<UsageRecord> inserted) throws SQLException {
        List<UsageRecord> priced = inserted.stream().filter(r -> r.cost().isPresent())
                .filter(r -> r.attribution().memberId().isPresent() || r.attribution().teamId().isPresent()).toList();
        if (priced.isEmpty()) {
            return;
        }
        // Read in the transaction, so that an account opened meanwhile either is seen by this batch or opens later.
        Accounts accounts = new Accounts(BalanceRows.accounts(connection), Map.of());
        if (accounts.size() == 0) {
            return;
        }
        Map<Bucket, Sum> sums = new LinkedHashMap<>();
        for (UsageRecord row : priced) {
            accounts.payer(row.attribution(), row.startedAt()).ifPresent(account -> sums.merge(
                    new Bucket(account.id(), LocalDate.ofInstant(row.startedAt(), ZoneOffset.UTC),
                            UsageRows.text(row.model())),
                    new Sum(row.cost().orElseThrow().total(), 1), Sum::plus));
        }
        for (Map.Entry<Bucket, Sum> sum : sums.entrySet()) {
            Bucket bucket = sum.getKey();
            Jdbc.update(connection, ADD, List.of(bucket.accountId(), bucket.day().toString(), bucket.model(),
                    BalanceRows.chargedValue(kind, sum.getValue().amount()), sum.getValue().requests()));
        }
    }
}
