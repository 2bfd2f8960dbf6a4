package dev.parley.server;

import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.BudgetAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets that reached their soft threshold, and prepaid accounts whose balance fell below theirs: each alert is one
 * structured line on the {@code parley.alerts} logger (for a log pipeline to page someone) and is kept among the
 * recent ones {@code GET /admin/alerts} lists to the master key and organization admins and viewers. Alerts name
 * budgets, accounts and scopes by id and carry amounts; never a key.
 */
final class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger("parley.alerts");
    static final int KEPT = 100;

    /** Each alert as {@code GET /admin/alerts} shows it, newest first. */
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private long raised;

    void raise(List<BudgetAlert> alerts) {
        for (BudgetAlert alert : alerts) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("at", alert.at().toString());
            one.put("alert", "budget_threshold");
            one.put("budget", alert.budget().id());
            one.put("scope", alert.budget().scope().kind().wire());
            one.put("scope_id", alert.budget().scope().id());
            one.put("period", alert.budget().period().wire());
            one.put("window_start", alert.windowStart().toString());
            one.put("percent", alert.percent());
            // Money as exact decimal text, never a floating-point number.
            one.put("spent", alert.spent().toPlainString());
            one.put("amount", alert.budget().amount().toPlainString());
            keep(one);
            LOG.warn("budget_threshold budget={} scope={} scope_id={} period={} window_start={} percent={} spent={} "
                            + "amount={}", alert.budget().id(), alert.budget().scope().kind().wire(),
                    alert.budget().scope().id(), alert.budget().period().wire(), alert.windowStart(), alert.percent(),
                    alert.spent().toPlainString(), alert.budget().amount().toPlainString());
        }
    }

    /** {@code account}'s balance, {@code available} of {@code credit}, fell below its threshold. */
    void lowBalance(Account account, BigDecimal credit, BigDecimal available, Instant at) {
        String threshold = account.alertBelow().orElseThrow().toPlainString();
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("at", at.toString());
        one.put("alert", "low_balance");
        one.put("account", account.id());
        one.put("scope", account.scope().kind().wire());
        one.put("scope_id", account.scope().id());
        one.put("available", available.toPlainString());
        one.put("credit", credit.toPlainString());
        one.put("alert_below", threshold);
        keep(one);
        LOG.warn("low_balance account={} scope={} scope_id={} available={} credit={} alert_below={}", account.id(),
                account.scope().kind().wire(), account.scope().id(), available.toPlainString(), credit.toPlainString(),
                threshold);
    }

    private synchronized void keep(Map<String, Object> alert) {
        raised++;
        recent.addFirst(alert);
        if (recent.size() > KEPT) {
            recent.removeLast();
        }
    }

    /** What {@code GET /admin/alerts} shows: how many alerts were raised since start, and the latest, newest first. */
    synchronized Map<String, Object> snapshot() {
        return Map.of("raised", raised, "recent", new ArrayList<>(recent));
    }
}
