package dev.parley.app.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code parley members create|list}: the people of the organization, through {@code /admin/members}. */
@Command(name = "members", description = "Create and list members.",
        subcommands = {MembersCommand.Create.class, MembersCommand.ListMembers.class})
public final class MembersCommand {

    static final Table TABLE = Table.of("ID=id", "EMAIL=email", "NAME=name", "ROLE=role");

    private MembersCommand() {
    }

    @Command(name = "create", description = "Create a member.")
    static final class Create extends AdminCommand {
        @Parameters(paramLabel = "EMAIL", description = "The member's email address.")
        String email;

        @Option(names = "--name", paramLabel = "NAME", description = "The member's name (default: the address).")
        String name;

        @Option(names = "--role", paramLabel = "ROLE",
                description = "Organization role: owner, admin, member or viewer (default: member).")
        String role;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("email", email);
            Optional.ofNullable(name).ifPresent(n -> body.put("name", n));
            Optional.ofNullable(role).ifPresent(r -> body.put("role", r));
            show(client.post("admin/members", body), TABLE);
        }
    }

    @Command(name = "list", description = "List the members you may see.")
    static final class ListMembers extends AdminCommand {
        @Override
        void run(AdminClient client) {
            list(client.all("admin/members"), TABLE);
        }
    }
}
