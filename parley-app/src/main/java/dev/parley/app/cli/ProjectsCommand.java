package dev.parley.app.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code parley projects create|list}: the projects of teams, through {@code /admin/projects}. */
@Command(name = "projects", description = "Create and list projects.",
        subcommands = {ProjectsCommand.Create.class, ProjectsCommand.ListProjects.class})
public final class ProjectsCommand {

    static final Table TABLE = Table.of("ID=id", "TEAM=team_id", "NAME=name", "CREATED=created_at");

    private ProjectsCommand() {
    }

    @Command(name = "create", description = "Create a project in a team.")
    static final class Create extends AdminCommand {
        @Option(names = "--team", required = true, paramLabel = "TEAM", description = "The team's id.")
        String team;

        @Parameters(paramLabel = "NAME", description = "The project's name.")
        String name;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("team_id", team);
            body.put("name", name);
            show(client.post("admin/projects", body), TABLE);
        }
    }

    @Command(name = "list", description = "List the projects you may see.")
    static final class ListProjects extends AdminCommand {
        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's projects.")
        String team;

        @Override
        void run(AdminClient client) {
            list(client.all(Query.of("admin/projects").with("team", Optional.ofNullable(team)).toString()), TABLE);
        }
    }
}
