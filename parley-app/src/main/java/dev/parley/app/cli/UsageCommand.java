package dev.parley.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code parley usage report|export}: usage and cost added up from the rollups, and the raw rows exported, through
 * {@code /admin/usage}. What each caller sees is what the admin API lets them see.
 */
@Command(name = "usage", description = "Usage and cost reports, and the raw usage rows exported.",
        subcommands = {UsageCommand.Report.class, UsageCommand.Export.class})
public final class UsageCommand {

    /** The measures a table shows, after the bucket and the grouped dimensions. */
    private static final List<String> MEASURES = List.of("REQUESTS=requests", "ERRORS=error_requests",
            "INPUT=input_tokens", "OUTPUT=output_tokens", "CACHE_READ=cache_read_tokens",
            "CACHE_WRITE=cache_write_tokens", "COST=cost_total");

    private UsageCommand() {
    }

    /** The range and filters both subcommands take. */
    abstract static class Filtered extends AdminCommand {
        @Option(names = "--since", paramLabel = "WHEN", defaultValue = "7d",
                description = "Start: a time ago (7d, 12h, 30m), an instant or a UTC day (default: ${DEFAULT-VALUE}).")
        String since;

        @Option(names = "--until", paramLabel = "WHEN", description = "End (excluded), in the same forms; now if absent.")
        Optional<String> until;

        @Option(names = "--team", paramLabel = "ID", description = "Only this team's usage.")
        Optional<String> team;

        @Option(names = "--project", paramLabel = "ID", description = "Only this project's usage.")
        Optional<String> project;

        @Option(names = "--member", paramLabel = "ID", description = "Only this member's usage.")
        Optional<String> member;

        @Option(names = "--key", paramLabel = "ID", description = "Only this key's usage.")
        Optional<String> key;

        @Option(names = "--model", paramLabel = "NAME", description = "Only requests for this model.")
        Optional<String> model;

        @Option(names = "--provider", paramLabel = "NAME", description = "Only requests served by this provider.")
        Optional<String> provider;

        Query query(String path) {
            return Query.of(path).with("since", Optional.of(since)).with("until", until).with("team", team)
                    .with("project", project).with("member", member).with("key", key).with("model", model)
                    .with("provider", provider);
        }
    }

    @Command(name = "report", description = "Usage and cost grouped by dimensions and time, with a total.")
    static final class Report extends Filtered {
        @Option(names = "--by", paramLabel = "DIMENSIONS", description = "Comma-separated: team, project, member,"
                + " key, model, provider, upstream_model.")
        Optional<String> by;

        @Option(names = "--grain", paramLabel = "GRAIN", defaultValue = "none",
                description = "none, hour or day (default: ${DEFAULT-VALUE}).")
        String grain;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table, csv or json (default: ${DEFAULT-VALUE}; --json is json).")
        String format;

        @Override
        void run(AdminClient client) {
            Query query = query("admin/usage/report").with("by", by).with("grain", Optional.of(grain));
            String chosen = options.json ? "json" : format.toLowerCase(Locale.ROOT);
            switch (chosen) {
                case "csv" -> client.copy(query.with("format", Optional.of("csv")).toString(), out());
                case "json" -> {
                    out().println(client.get(query.toString()).toString());
                    out().flush();
                }
                case "table" -> table(client.get(query.toString()));
                default -> throw new CliFailure.Usage("--format must be table, csv or json, not " + format);
            }
        }

        /** One line per report row, the dimensions by name where the API gave one, then a TOTAL line. */
        private void table(JsonNode report) {
            List<String> columns = new ArrayList<>();
            boolean bucket = !report.path("grain").stringValue("none").equals("none");
            if (bucket) {
                columns.add("BUCKET=bucket");
            }
            List<String> dimensions = new ArrayList<>();
            report.path("by").forEach(d -> dimensions.add(d.stringValue()));
            dimensions.forEach(d -> columns.add(d.toUpperCase(Locale.ROOT) + "=" + d));
            columns.addAll(MEASURES);
            List<JsonNode> lines = new ArrayList<>();
            for (JsonNode row : report.path("rows")) {
                ObjectNode line = ((ObjectNode) row).deepCopy();
                for (String d : dimensions) {
                    JsonNode name = row.path(d + "_name");
                    String value = name.isString() ? name.stringValue() : row.path(d).stringValue("");
                    line.put(d, value.isEmpty() ? "(none)" : value);
                }
                lines.add(line);
            }
            ObjectNode total = ((ObjectNode) report.path("total")).deepCopy();
            String first = columns.getFirst().substring(columns.getFirst().indexOf('=') + 1);
            total.put(first, "TOTAL");
            lines.add(total);
            Table.of(columns.toArray(String[]::new)).print(out(), lines);
        }
    }

    @Command(name = "export", description = "Every raw usage row in the range, in start order, as CSV or JSON lines.")
    static final class Export extends Filtered {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
                description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        void run(AdminClient client) {
            if (!format.equals("jsonl") && !format.equals("csv")) {
                throw new CliFailure.Usage("--format must be jsonl or csv, not " + format);
            }
            client.copy(query("admin/usage/records").with("format", Optional.of(format)).toString(), out());
        }
    }
}
