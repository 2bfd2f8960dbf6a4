package dev.parley.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * One admin subcommand: reads its options, calls the admin API and prints the answer as a table or as JSON. The
 * exit code of a failure is chosen in one place, {@link CliFailure}.
 */
abstract class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions options;

    /** The environment the command reads its defaults from; the process's own unless the root says otherwise. */
    private Map<String, String> env() {
        return spec.root().userObject() instanceof CliEnvironment root ? root.environment() : System.getenv();
    }

    @Override
    public final Integer call() {
        try {
            run(options.client(env()));
            return 0;
        } catch (CliFailure failure) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("parley: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
    }

    abstract void run(AdminClient client);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** One record, as the API answered it. */
    void show(JsonNode record, Table table) {
        if (options.json) {
            out().println(record.toString());
            out().flush();
        } else {
            table.print(out(), List.of(record));
        }
    }

    /** A listing: always a JSON array with {@code --json}, even of one item. */
    void list(List<JsonNode> records, Table table) {
        if (options.json) {
            out().println(AdminClient.JSON.valueToTree(records).toString());
            out().flush();
        } else {
            table.print(out(), records);
        }
    }

    /** What a command did when the API answers nothing (a deletion). */
    void done(String message) {
        if (options.json) {
            out().println("{}");
        } else {
            out().println(message);
        }
        out().flush();
    }
}
