package dev.parley.server;

import dev.parley.core.pricing.Cost;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Authorization;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.Team;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.core.tenancy.TenancyStore;
import dev.parley.core.usage.TimeGrain;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageDimension;
import dev.parley.core.usage.UsageFilter;
import dev.parley.core.usage.UsageLatency;
import dev.parley.core.usage.UsageLedger;
import dev.parley.core.usage.UsageQueryException;
import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageReport;
import dev.parley.core.usage.UsageReportQuery;
import dev.parley.core.usage.UsageReportRow;
import dev.parley.core.usage.UsageTime;
import dev.parley.core.usage.UsageTotals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /admin/usage}: reports from the ledger's rollups and the raw rows exported, as JSON, CSV or JSON lines.
 * Every query is narrowed to what the caller may see ({@link Authorization#usageReach}); a team, project, member or
 * key named in a filter must be one the caller may read (404 otherwise, as for every listing's filters).
 */
final class AdminUsage {

    /** Rows read from the store at a time by the export. */
    private static final int CHUNK = 500;
    private static final String DEFAULT_SINCE = "7d";
    private static final List<String> MEASURES = List.of("requests", "error_requests", "estimated_requests",
            "priced_requests", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
            "reasoning_tokens", "cost_base", "cost_markup", "cost_total", "avg_latency_ms", "p50_latency_ms",
            "p95_latency_ms", "avg_overhead_ms");
    private static final List<String> RECORD_FIELDS = List.of("request_id", "started_at", "key_name", "key_id",
            "member_id", "project_id", "team_id", "protocol", "model", "provider", "upstream_model", "stream", "status",
            "error_type", "latency_ms", "ttft_ms", "input_tokens", "output_tokens", "cache_read_tokens",
            "cache_write_tokens", "reasoning_tokens", "usage_source", "attempts", "cost_base", "cost_markup",
            "cost_total", "price_version");

    private AdminUsage() {
    }

    /** {@code ?by=project,model&grain=day&since=7d&until=&team=&project=&member=&key=&model=&provider=&format=}. */
    static AdminReply report(AdminCall call) {
        UsageLedger ledger = ledger(call);
        String format = format(call, "json", List.of("json", "csv"));
        UsageReportQuery query = query(call, () -> new UsageReportQuery(filter(call), dimensions(call), grain(call)));
        UsageReport report = ledger.report(query);
        Names names = new Names(call);
        return switch (format) {
            case "csv" -> new AdminReply.Lines(AdminReply.Lines.CSV, once(reportCsv(report, names)));
            default -> AdminReply.ok(reportJson(report, names));
        };
    }

    /** {@code ?since=&until=&team=...&format=jsonl|csv}: every raw row, in start order, a chunk at a time. */
    static AdminReply records(AdminCall call) {
        UsageLedger ledger = ledger(call);
        String format = format(call, "jsonl", List.of("jsonl", "csv"));
        UsageFilter filter = query(call, () -> filter(call));
        boolean csv = format.equals("csv");
        AtomicReference<Optional<UsageLedger.Cursor>> after = new AtomicReference<>(Optional.empty());
        boolean[] header = {csv};
        return new AdminReply.Lines(csv ? AdminReply.Lines.CSV : AdminReply.Lines.JSON_LINES, () -> {
            List<UsageRecord> rows = ledger.records(filter, after.get(), CHUNK);
            StringBuilder out = new StringBuilder();
            if (header[0]) {
                header[0] = false;
                out.append(Csv.line(RECORD_FIELDS));
            }
            if (rows.isEmpty()) {
                return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
            }
            after.set(Optional.of(UsageLedger.Cursor.of(rows.getLast())));
            for (UsageRecord row : rows) {
                ObjectNode json = recordJson(row);
                if (csv) {
                    out.append(Csv.line(RECORD_FIELDS.stream().map(f -> text(json.get(f))).toList()));
                } else {
                    out.append(json).append('\n');
                }
            }
            return Optional.of(out.toString());
        });
    }

    /**
     * {@code /admin/usage/records/{request_id}}: one request's row, and its bodies when its key's rules kept them
     * ({@code "bodies": null} otherwise). A row the caller may not see answers 404, like one that does not exist.
     */
    static AdminReply record(AdminCall call) {
        UsageLedger ledger = ledger(call);
        String id = call.param("request_id");
        UsageRecord row = ledger.record(id).filter(Authorization.usageReach(call.principal)::sees)
                .orElseThrow(() -> AdminProblem.notFound("usage record", id));
        ObjectNode out = AdminJson.object();
        out.set("record", recordJson(row));
        call.backend.bodies().find(id).ifPresentOrElse(kept -> {
            ObjectNode bodies = out.putObject("bodies");
            bodies.put("request", kept.request());
            bodies.put("response", kept.response());
            bodies.put("request_truncated", kept.requestTruncated());
            bodies.put("response_truncated", kept.responseTruncated());
        }, () -> out.putNull("bodies"));
        return AdminReply.ok(out);
    }

    // --- The query

    private static UsageLedger ledger(AdminCall call) {
        return call.backend.ports().map(TenancyPorts::usage).orElseThrow(() -> AdminProblem.unavailable(
                "Usage reports need Parley's database; this Parley runs without one."));
    }

    private static <T> T query(AdminCall call, Supplier<T> build) {
        try {
            return build.get();
        } catch (UsageQueryException e) {
            throw AdminProblem.badRequest(e.param(), e.reason());
        }
    }

    private static UsageFilter filter(AdminCall call) {
        Instant since = UsageTime.parse("since", call.query("since").orElse(DEFAULT_SINCE), call.now);
        Instant until = call.query("until").map(v -> UsageTime.parse("until", v, call.now)).orElse(call.now);
        UsageFilter filter = UsageFilter.between(since, until).reach(Authorization.usageReach(call.principal));
        TenancyStore store = call.store();
        Optional<String> team = call.query("team");
        if (team.isPresent()) {
            call.readable(store.team(team.get()), AdminTargets::team, "team", "team", team.get());
            filter = filter.team(team.get());
        }
        Optional<String> project = call.query("project");
        if (project.isPresent()) {
            call.readable(store.project(project.get()), AdminTargets::project, "project", "project", project.get());
            filter = filter.project(project.get());
        }
        Optional<String> member = call.query("member");
        if (member.isPresent()) {
            call.readable(store.member(member.get()), m -> AdminTargets.member(store, m), "member", "member",
                    member.get());
            filter = filter.member(member.get());
        }
        Optional<String> key = call.query("key");
        if (key.isPresent()) {
            call.readable(store.key(key.get()), k -> AdminTargets.key(store, k), "key", "key", key.get());
            filter = filter.key(key.get());
        }
        filter = call.query("model").map(filter::model).orElse(filter);
        return call.query("provider").map(filter::provider).orElse(filter);
    }

    private static List<UsageDimension> dimensions(AdminCall call) {
        List<UsageDimension> by = new ArrayList<>();
        for (String name : call.query("by").map(v -> v.split(",")).orElse(new String[0])) {
            if (name.isBlank()) {
                continue;
            }
            by.add(UsageDimension.of(name).orElseThrow(() -> new UsageQueryException("by", "unknown dimension '"
                    + name.strip() + "'; expected a comma-separated list of " + UsageDimension.NAMES)));
        }
        return by;
    }

    private static TimeGrain grain(AdminCall call) {
        return call.query("grain").map(g -> TimeGrain.of(g).orElseThrow(() -> new UsageQueryException("grain",
                "expected none, hour or day, got '" + g + "'"))).orElse(TimeGrain.NONE);
    }

    private static String format(AdminCall call, String otherwise, List<String> known) {
        String format = call.query("format").orElse(otherwise);
        if (!known.contains(format)) {
            throw AdminProblem.badRequest("format", "expected " + String.join(" or ", known) + ", got '" + format + "'");
        }
        return format;
    }

    // --- Reports

    private static ObjectNode reportJson(UsageReport report, Names names) {
        ObjectNode out = AdminJson.object();
        out.put("since", report.query().filter().since().toString());
        out.put("until", report.query().filter().until().toString());
        out.put("grain", report.query().grain().wire());
        ArrayNode by = out.putArray("by");
        report.query().groupBy().forEach(d -> by.add(d.wire()));
        ArrayNode rows = out.putArray("rows");
        for (UsageReportRow row : report.rows()) {
            ObjectNode line = rows.addObject();
            row.bucket().ifPresent(b -> line.put("bucket", b.toString()));
            row.dimensions().forEach((dimension, value) -> {
                line.put(dimension.wire(), value);
                names.of(dimension, value).ifPresent(name -> line.put(dimension.wire() + "_name", name));
            });
            measures(line, row.totals());
        }
        measures(out.putObject("total"), report.total());
        return out;
    }

    private static void measures(ObjectNode out, UsageTotals t) {
        out.put("requests", t.requests());
        out.put("error_requests", t.errorRequests());
        out.put("estimated_requests", t.estimatedRequests());
        out.put("priced_requests", t.pricedRequests());
        out.put("input_tokens", t.inputTokens());
        out.put("output_tokens", t.outputTokens());
        out.put("cache_read_tokens", t.cacheReadTokens());
        out.put("cache_write_tokens", t.cacheWriteTokens());
        out.put("reasoning_tokens", t.reasoningTokens());
        out.put("cost_base", money(t.costBase()));
        out.put("cost_markup", money(t.costMarkup()));
        out.put("cost_total", money(t.costTotal()));
        // Empty where no row of the line has a latency (rows stored before the rollups kept it).
        UsageLatency latency = t.latency();
        optionalMillis(out, "avg_latency_ms", latency.average());
        optionalMillis(out, "p50_latency_ms", latency.percentile(0.50));
        optionalMillis(out, "p95_latency_ms", latency.percentile(0.95));
        optionalMillis(out, "avg_overhead_ms", latency.averageOverhead());
    }

    /** Milliseconds to the microsecond; a latency, not money, so a JSON number is fine. */
    private static void optionalMillis(ObjectNode out, String field, Optional<Duration> value) {
        value.ifPresentOrElse(d -> out.put(field, Math.round(d.toNanos() / 1_000.0) / 1_000.0),
                () -> out.putNull(field));
    }

    /** Costs as decimal strings with the ledger's 10 places, never a JSON number a client reads as a double. */
    private static String money(BigDecimal amount) {
        return amount.setScale(Cost.SCALE).toPlainString();
    }

    private static String reportCsv(UsageReport report, Names names) {
        List<String> header = new ArrayList<>();
        boolean bucket = report.query().grain() != TimeGrain.NONE;
        if (bucket) {
            header.add("bucket");
        }
        for (UsageDimension d : report.query().groupBy()) {
            header.add(d.wire());
            if (Names.named(d)) {
                header.add(d.wire() + "_name");
            }
        }
        header.addAll(MEASURES);
        StringBuilder out = new StringBuilder(Csv.line(header));
        for (UsageReportRow row : report.rows()) {
            List<String> fields = new ArrayList<>();
            row.bucket().ifPresent(b -> fields.add(b.toString()));
            row.dimensions().forEach((d, value) -> {
                fields.add(value);
                if (Names.named(d)) {
                    fields.add(names.of(d, value).orElse(""));
                }
            });
            ObjectNode m = AdminJson.object();
            measures(m, row.totals());
            MEASURES.forEach(name -> fields.add(text(m.get(name))));
            out.append(Csv.line(fields));
        }
        return out.toString();
    }

    private static AdminReply.Chunks once(String text) {
        boolean[] sent = {false};
        return () -> {
            if (sent[0]) {
                return Optional.empty();
            }
            sent[0] = true;
            return Optional.of(text);
        };
    }

    // --- Raw rows

    private static ObjectNode recordJson(UsageRecord row) {
        ObjectNode out = AdminJson.object();
        out.put("request_id", row.requestId());
        out.put("started_at", row.startedAt().toString());
        out.put("key_name", row.keyName());
        optional(out, "key_id", row.attribution().keyId());
        optional(out, "member_id", row.attribution().memberId());
        optional(out, "project_id", row.attribution().projectId());
        optional(out, "team_id", row.attribution().teamId());
        out.put("protocol", row.protocol().wireName());
        out.put("model", row.model());
        optional(out, "provider", row.provider());
        optional(out, "upstream_model", row.upstreamModel());
        out.put("stream", row.stream());
        out.put("status", row.status());
        optional(out, "error_type", row.errorType());
        out.put("latency_ms", millis(row.latency()));
        row.timeToFirstToken().ifPresentOrElse(t -> out.put("ttft_ms", millis(t)), () -> out.putNull("ttft_ms"));
        TokenUsage usage = row.usage();
        out.put("input_tokens", usage.inputTokens());
        out.put("output_tokens", usage.outputTokens());
        out.put("cache_read_tokens", usage.cacheReadTokens());
        out.put("cache_write_tokens", usage.cacheWriteTokens());
        out.put("reasoning_tokens", usage.reasoningTokens());
        out.put("usage_source", switch (usage.source()) {
            case TokenUsage.Source.Reported r -> "reported";
            case TokenUsage.Source.Estimated e -> "estimated";
            case TokenUsage.Source.None n -> "none";
        });
        out.put("attempts", row.attempts());
        optional(out, "cost_base", row.cost().map(c -> c.base().toPlainString()));
        optional(out, "cost_markup", row.cost().map(c -> c.markup().toPlainString()));
        optional(out, "cost_total", row.cost().map(c -> c.total().toPlainString()));
        optional(out, "price_version", row.priceVersion());
        return out;
    }

    private static String millis(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 6).stripTrailingZeros().toPlainString();
    }

    private static void optional(ObjectNode out, String field, Optional<String> value) {
        value.ifPresentOrElse(v -> out.put(field, v), () -> out.putNull(field));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asString();
    }

    /** The names of the teams, projects, members and keys a report names, read once each, when the caller may. */
    private static final class Names {
        private final AdminCall call;
        private final Map<String, Optional<String>> read = new HashMap<>();

        Names(AdminCall call) {
            this.call = call;
        }

        static boolean named(UsageDimension dimension) {
            return switch (dimension) {
                case TEAM, PROJECT, MEMBER, KEY -> true;
                case MODEL, PROVIDER, UPSTREAM_MODEL -> false;
            };
        }

        Optional<String> of(UsageDimension dimension, String id) {
            if (id.isEmpty() || !named(dimension)) {
                return Optional.empty();
            }
            return read.computeIfAbsent(dimension.wire() + ":" + id, k -> lookUp(dimension, id));
        }

        private Optional<String> lookUp(UsageDimension dimension, String id) {
            TenancyStore store = call.store();
            return switch (dimension) {
                case TEAM -> visible(store.team(id), AdminTargets::team, Team::name);
                case PROJECT -> visible(store.project(id), AdminTargets::project, Project::name);
                case MEMBER -> visible(store.member(id), m -> AdminTargets.member(store, m), Member::name);
                // A configured key has no id: the report shows its name in its place.
                case KEY -> store.key(id).isEmpty() ? Optional.of(id)
                        : visible(store.key(id), k -> AdminTargets.key(store, k), KeyRecord::name);
                case MODEL, PROVIDER, UPSTREAM_MODEL -> Optional.empty();
            };
        }

        private <T> Optional<String> visible(Optional<T> thing, Function<T, Target> target,
                                             Function<T, String> name) {
            return thing.filter(t -> call.may(Action.READ, target.apply(t))).map(name);
        }
    }

    /** RFC 4180 lines: a field with a comma, quote or line break is quoted, quotes doubled. */
    private static final class Csv {
        static String line(List<String> fields) {
            StringBuilder out = new StringBuilder();
            for (String field : fields) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                boolean quote = field.contains(",") || field.contains("\"") || field.contains("\n")
                        || field.contains("\r");
                out.append(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
            }
            return out.append("\r\n").toString();
        }
    }
}
