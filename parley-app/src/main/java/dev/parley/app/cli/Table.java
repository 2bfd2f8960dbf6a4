package dev.parley.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Records of the admin API as an aligned table: one column per named field, a header, and {@code -} for a field
 * that is null or absent. With {@code --json} the API's JSON is printed as it came.
 */
final class Table {

    private final List<Column> columns;

    private Table(List<Column> columns) {
        this.columns = columns;
    }

    /** Columns as {@code HEADER=field} pairs, e.g. {@code "ID=id", "NAME=name"}. */
    static Table of(String... columns) {
        List<Column> parsed = new ArrayList<>();
        for (String column : columns) {
            int eq = column.indexOf('=');
            parsed.add(new Column(column.substring(0, eq), column.substring(eq + 1)));
        }
        return new Table(parsed);
    }

    void print(PrintWriter out, List<JsonNode> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toList());
        rows.forEach(row -> cells.add(columns.stream().map(c -> cell(row.path(c.field()))).toList()));
        int[] widths = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                text.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i] + 2));
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    private static String cell(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isString()) {
            // A name is whatever its author typed: control characters would break the table.
            return value.stringValue().replaceAll("\\p{Cntrl}", " ");
        }
        return value.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private record Column(String header, String field) {
    }
}
