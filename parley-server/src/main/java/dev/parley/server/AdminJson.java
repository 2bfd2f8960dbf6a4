package dev.parley.server;

import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.Failure;
import dev.parley.core.config.PriceOverride;
import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.AccountStanding;
import dev.parley.core.tenancy.AuditEntry;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.MarkupRule;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Membership;
import dev.parley.core.tenancy.Order;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Statement;
import dev.parley.core.tenancy.Team;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's records as JSON, written field by field with Jackson trees (no reflection binding, so a field
 * added to a record never reaches the wire by accident). Names are snake case, times RFC 3339 in UTC, money an exact
 * decimal string. A key is shown by its hint only: its hash never leaves the store, its text only the answer that
 * creates it.
 */
final class AdminJson {

    /** Floats are read as exact decimals, so that an amount never passes through a double. */
    static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AdminJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw AdminProblem.badRequest("The body is not valid JSON.");
        }
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static <T> ObjectNode page(Page<T> page, Function<T, JsonNode> item) {
        ObjectNode out = object();
        ArrayNode items = out.putArray("items");
        page.items().forEach(i -> items.add(item.apply(i)));
        page.next().ifPresentOrElse(n -> out.put("next", n), () -> out.putNull("next"));
        return out;
    }

    static ObjectNode team(Team team) {
        ObjectNode out = object();
        out.put("id", team.id());
        out.put("name", team.name());
        out.set("rules", rules(team.rules()));
        out.put("created_at", team.createdAt().toString());
        return out;
    }

    static ObjectNode project(Project project) {
        ObjectNode out = object();
        out.put("id", project.id());
        out.put("team_id", project.teamId());
        out.put("name", project.name());
        out.set("rules", rules(project.rules()));
        out.put("created_at", project.createdAt().toString());
        return out;
    }

    static ObjectNode member(Member member) {
        ObjectNode out = object();
        out.put("id", member.id());
        out.put("email", member.email());
        out.put("name", member.name());
        out.put("role", member.role().wire());
        out.put("created_at", member.createdAt().toString());
        return out;
    }

    static ObjectNode membership(Membership membership) {
        ObjectNode out = object();
        out.put("team_id", membership.teamId());
        out.put("member_id", membership.memberId());
        out.put("role", membership.role().wire());
        return out;
    }

    /** A key as anyone may see it: its hint, never its hash or text. */
    static ObjectNode key(KeyRecord key, Instant now) {
        ObjectNode out = object();
        out.put("id", key.id());
        out.put("name", key.name());
        out.put("hint", key.hint());
        out.put("project_id", key.projectId());
        out.put("team_id", key.teamId());
        optional(out, "member_id", key.memberId());
        out.put("service", key.service());
        out.set("rules", rules(key.rules()));
        out.put("created_at", key.createdAt().toString());
        optional(out, "expires_at", key.expiresAt().map(Instant::toString));
        optional(out, "revoked_at", key.revokedAt().map(Instant::toString));
        optional(out, "rotated_from", key.rotatedFrom());
        out.put("active", key.activeAt(now));
        return out;
    }

    static ObjectNode rules(AccessRules rules) {
        ObjectNode out = object();
        strings(out.putArray("models"), rules.models());
        strings(out.putArray("providers"), rules.providers());
        strings(out.putArray("regions"), rules.regions());
        optional(out, "max_tokens_per_request", rules.maxTokensPerRequest());
        rules.logBodies().ifPresentOrElse(b -> out.put("log_bodies", b), () -> out.putNull("log_bodies"));
        return out;
    }

    /** A price in the configuration's {@code prices:} shape; amounts as decimal strings, never through a double. */
    static ObjectNode price(PriceOverride price) {
        ObjectNode out = object();
        out.put("provider", price.provider());
        out.put("model", price.model());
        out.put("input", price.input().toPlainString());
        out.put("output", price.output().toPlainString());
        price.cacheRead().ifPresent(v -> out.put("cache_read", v.toPlainString()));
        price.cacheWrite().ifPresent(v -> out.put("cache_write", v.toPlainString()));
        price.cacheWrite1h().ifPresent(v -> out.put("cache_write_1h", v.toPlainString()));
        return out;
    }

    static ObjectNode markup(MarkupRule markup) {
        ObjectNode out = object();
        out.put("scope_kind", markup.scope().kind().wire());
        out.put("scope_id", markup.scope().id());
        out.put("percent", markup.markup().percent().toPlainString());
        return out;
    }

    static ObjectNode limits(Limits limits) {
        ObjectNode out = object();
        out.put("scope_kind", limits.scope().kind().wire());
        out.put("scope_id", limits.scope().id());
        optional(out, "rpm", limits.rpm());
        optional(out, "tpm", limits.tpm());
        optional(out, "concurrency", limits.concurrency());
        return out;
    }

    static ObjectNode budget(Budget budget) {
        ObjectNode out = object();
        out.put("id", budget.id());
        out.put("scope_kind", budget.scope().kind().wire());
        out.put("scope_id", budget.scope().id());
        out.put("period", budget.period().wire());
        out.put("amount", budget.amount().toPlainString());
        optional(out, "alert_percent", budget.alertPercent());
        return out;
    }

    /** An account as opened, for the audit log. */
    static ObjectNode account(Account account) {
        ObjectNode out = object();
        out.put("id", account.id());
        out.put("scope_kind", account.scope().kind().wire());
        out.put("scope_id", account.scope().id());
        out.put("opened_at", account.openedAt().toString());
        account.alertBelow().ifPresent(a -> out.put("alert_below", a.toPlainString()));
        return out;
    }

    /**
     * An account with its figures: credit (its orders), charged (the ledger's rows), reserved (requests in flight
     * now) and available (what is left for new requests).
     */
    static ObjectNode account(AccountStanding standing, BigDecimal reserved) {
        ObjectNode out = account(standing.account());
        out.put("credit", plain(standing.credit()));
        out.put("charged", plain(standing.charged()));
        out.put("reserved", plain(reserved));
        out.put("available", plain(standing.balance().subtract(reserved)));
        return out;
    }

    static ObjectNode order(Order order) {
        ObjectNode out = object();
        out.put("id", order.id());
        out.put("account_id", order.accountId());
        out.put("kind", order.kind().wire());
        out.put("amount", plain(order.amount()));
        out.put("actor", order.actor());
        out.put("reason", order.reason());
        order.reference().ifPresent(r -> out.put("reference", r));
        out.put("created_at", order.createdAt().toString());
        return out;
    }

    /** A statement: opening balance + orders - charges = closing balance, the charges by day and by model. */
    static ObjectNode statement(Statement statement) {
        ObjectNode out = object();
        out.set("account", account(statement.account()));
        out.put("since", statement.since().toString());
        out.put("until", statement.until().toString());
        out.put("opening", plain(statement.opening()));
        ArrayNode orders = out.putArray("orders");
        statement.orders().forEach(o -> orders.add(order(o)));
        out.put("ordered", plain(statement.ordered()));
        out.put("charged", plain(statement.charged()));
        out.put("requests", statement.requests());
        out.put("closing", plain(statement.closing()));
        ArrayNode days = out.putArray("by_day");
        statement.byDay().forEach(d -> days.add(subtotal("day", d)));
        ArrayNode models = out.putArray("by_model");
        statement.byModel().forEach(m -> models.add(subtotal("model", m)));
        return out;
    }

    private static ObjectNode subtotal(String name, Statement.Subtotal subtotal) {
        ObjectNode out = object();
        out.put(name, subtotal.key());
        out.put("charged", plain(subtotal.amount()));
        out.put("requests", subtotal.requests());
        return out;
    }

    /** Money as exact decimal text without trailing zeros, never in exponent form. */
    private static String plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** An audit entry; its before and after are shown as the JSON they hold. */
    static ObjectNode auditEntry(AuditEntry entry) {
        ObjectNode out = object();
        out.put("seq", entry.seq());
        out.put("at", entry.event().at().toString());
        out.put("actor", entry.event().actor());
        out.put("action", entry.event().action());
        optional(out, "target", entry.event().target());
        out.put("source", entry.event().source());
        out.set("before", embedded(entry.event().before()));
        out.set("after", embedded(entry.event().after()));
        out.put("previous_hash", entry.previousHash());
        out.put("hash", entry.hash());
        return out;
    }

    /**
     * A dead letter: whose work it was, the request, every failed try and its replay. {@code whole} adds the
     * request's body and the replay's answer (a listing and the audit log leave them out).
     */
    static ObjectNode deadLetter(DeadLetter letter, boolean whole) {
        ObjectNode out = object();
        out.put("id", letter.id());
        out.put("object", "dead_letter");
        out.put("source", letter.source());
        out.put("source_id", letter.sourceId());
        out.put("item_id", letter.itemId());
        out.put("key_name", letter.keyName());
        letter.teamId().ifPresentOrElse(t -> out.put("team_id", t), () -> out.putNull("team_id"));
        out.put("endpoint", letter.endpoint());
        out.put("state", letter.state());
        out.put("failed_at", letter.failedAt().toString());
        ArrayNode failures = out.putArray("failures");
        for (Failure f : letter.failures()) {
            ObjectNode o = failures.addObject();
            o.put("attempt", f.attempt());
            f.provider().ifPresentOrElse(p -> o.put("provider", p), () -> o.putNull("provider"));
            f.upstreamModel().ifPresentOrElse(m -> o.put("upstream_model", m), () -> o.putNull("upstream_model"));
            f.status().ifPresentOrElse(s -> o.put("status", s), () -> o.putNull("status"));
            o.put("error_class", f.errorClass());
            o.put("message", f.message());
        }
        if (whole) {
            out.set("request", embedded(Optional.of(new String(letter.body(), StandardCharsets.UTF_8))));
        }
        letter.replay().ifPresentOrElse(replay -> {
            ObjectNode r = out.putObject("replay");
            r.put("by", replay.by());
            r.put("at", replay.at().toString());
            replay.outcome().ifPresent(outcome -> {
                r.put("status", outcome.status());
                outcome.requestId().ifPresentOrElse(id -> r.put("request_id", id), () -> r.putNull("request_id"));
                if (whole) {
                    r.set("response", embedded(Optional.of(outcome.body())));
                }
            });
        }, () -> out.putNull("replay"));
        return out;
    }

    private static JsonNode embedded(Optional<String> json) {
        if (json.isEmpty()) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(json.get());
        } catch (JacksonException e) {
            // Written by Parley as JSON; should one not be, it is shown as the text it is.
            return MAPPER.getNodeFactory().stringNode(json.get());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void optional(ObjectNode out, String field, Optional<String> value) {
        value.ifPresentOrElse(v -> out.put(field, v), () -> out.putNull(field));
    }

    private static void optional(ObjectNode out, String field, OptionalInt value) {
        if (value.isPresent()) {
            out.put(field, value.getAsInt());
        } else {
            out.putNull(field);
        }
    }

    private static void optional(ObjectNode out, String field, OptionalLong value) {
        if (value.isPresent()) {
            out.put(field, value.getAsLong());
        } else {
            out.putNull(field);
        }
    }
}
