package dev.parley.app.cli;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code parley keys create|list|revoke|rotate}: virtual keys, through {@code /admin/keys}. */
@Command(name = "keys", description = "Create, list, revoke and rotate virtual keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
            KeysCommand.Rotate.class})
public final class KeysCommand {

    static final Table TABLE = Table.of("ID=id", "NAME=name", "HINT=hint", "PROJECT=project_id", "MEMBER=member_id",
            "ACTIVE=active", "EXPIRES=expires_at");

    private KeysCommand() {
    }

    /** Prints a new key's text once, with its id: Parley keeps only its hash and will not show it again. */
    static void printNew(AdminCommand command, JsonNode key) {
        if (command.options.json) {
            command.out().println(key.toString());
        } else {
            command.out().println("id:  " + key.path("id").asString());
            command.out().println("key: " + key.path("key").asString());
            command.out().println("Store the key now: Parley keeps only its hash and will not show it again.");
        }
        command.out().flush();
    }

    @Command(name = "create", description = "Create a key in a project; prints its text once.")
    static final class Create extends AdminCommand {
        @Option(names = "--project", required = true, paramLabel = "PROJECT", description = "The project's id.")
        String project;

        @Option(names = "--member", paramLabel = "MEMBER",
                description = "Whose key (default: yours; a service key when the master key calls).")
        String member;

        @Option(names = "--name", paramLabel = "NAME", description = "A name to recognize the key by.")
        String name;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Expiry, such as 12h or 30d.")
        String expiresIn;

        @Option(names = "--models", paramLabel = "PATTERNS",
                description = "The models the key may call, comma separated patterns such as 'gpt-*,claude-*'.")
        String models;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("project_id", project);
            Optional.ofNullable(member).ifPresent(m -> body.put("member_id", m));
            Optional.ofNullable(name).ifPresent(n -> body.put("name", n));
            Optional.ofNullable(expiresIn).ifPresent(e -> body.put("expires_in", e));
            Optional.ofNullable(models).ifPresent(m -> {
                ArrayNode patterns = body.putObject("rules").putArray("models");
                Arrays.stream(m.split(",")).map(String::strip).filter(p -> !p.isEmpty()).forEach(patterns::add);
            });
            printNew(this, client.post("admin/keys", body));
        }
    }

    @Command(name = "list", description = "List the keys you may see (every page).")
    static final class ListKeys extends AdminCommand {
        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's keys.")
        String team;

        @Option(names = "--project", paramLabel = "PROJECT", description = "Only this project's keys.")
        String project;

        @Option(names = "--member", paramLabel = "MEMBER", description = "Only this member's keys.")
        String member;

        @Option(names = "--all", description = "Include revoked and expired keys.")
        boolean all;

        @Override
        void run(AdminClient client) {
            list(client.all(Query.of("admin/keys").with("team", Optional.ofNullable(team))
                    .with("project", Optional.ofNullable(project)).with("member", Optional.ofNullable(member))
                    .flag("include_inactive", all).toString()), TABLE);
        }
    }

    @Command(name = "revoke", description = "Revoke a key at once.")
    static final class Revoke extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The key's id.")
        String id;

        @Override
        void run(AdminClient client) {
            show(client.post("admin/keys/" + Query.segment(id) + "/revoke", AdminClient.object()), TABLE);
        }
    }

    @Command(name = "rotate", description = "Replace a key by a new one; prints the new key's text once.")
    static final class Rotate extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The key's id.")
        String id;

        @Option(names = "--overlap", paramLabel = "DURATION",
                description = "How long the old key keeps working, such as 1h (default: it stops at once).")
        String overlap;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            Optional.ofNullable(overlap).ifPresent(o -> body.put("overlap", o));
            printNew(this, client.post("admin/keys/" + Query.segment(id) + "/rotate", body));
        }
    }
}
