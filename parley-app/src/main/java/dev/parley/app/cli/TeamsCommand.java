package dev.parley.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code parley teams create|list|delete|add-member}: teams and who is in them, through {@code /admin/teams}. */
@Command(name = "teams", description = "Create, list and delete teams; add members to them.",
        subcommands = {TeamsCommand.Create.class, TeamsCommand.ListTeams.class, TeamsCommand.Delete.class,
            TeamsCommand.AddMember.class})
public final class TeamsCommand {

    static final Table TABLE = Table.of("ID=id", "NAME=name", "CREATED=created_at");
    static final Table MEMBERSHIP = Table.of("TEAM=team_id", "MEMBER=member_id", "ROLE=role");

    private TeamsCommand() {
    }

    @Command(name = "create", description = "Create a team.")
    static final class Create extends AdminCommand {
        @Parameters(paramLabel = "NAME", description = "The team's name.")
        String name;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("name", name);
            show(client.post("admin/teams", body), TABLE);
        }
    }

    @Command(name = "list", description = "List the teams you may see.")
    static final class ListTeams extends AdminCommand {
        @Override
        void run(AdminClient client) {
            list(client.all("admin/teams"), TABLE);
        }
    }

    @Command(name = "delete", description = "Delete a team.")
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The team's id.")
        String id;

        @Override
        void run(AdminClient client) {
            client.delete("admin/teams/" + Query.segment(id));
            done("Deleted team " + id + ".");
        }
    }

    @Command(name = "add-member", description = "Add a member to a team, or change their role in it.")
    static final class AddMember extends AdminCommand {
        @Parameters(index = "0", paramLabel = "TEAM", description = "The team's id.")
        String team;

        @Parameters(index = "1", paramLabel = "MEMBER", description = "The member's id.")
        String member;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, member or viewer.")
        String role;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("role", role);
            show(client.put("admin/teams/" + Query.segment(team) + "/members/" + Query.segment(member), body),
                    MEMBERSHIP);
        }
    }
}
