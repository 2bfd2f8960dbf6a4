package dev.parley.server;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Project;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.Team;
import java.util.Optional;
import java.util.Set;

/** {@code /admin/projects}: the projects of teams; every key belongs to one. */
final class AdminProjects {

    private AdminProjects() {
    }

    static AdminReply list(AdminCall call) {
        Optional<String> teamId = call.query("team");
        teamId.ifPresent(id -> call.readable(call.store().team(id), AdminTargets::team, "team", "team", id));
        Page<Project> page = AdminPages.visible(p -> call.store().projects(teamId, p),
                project -> call.may(Action.READ, AdminTargets.project(project)), Project::id, call.page());
        return AdminReply.ok(AdminJson.page(page, AdminJson::project));
    }

    static AdminReply create(AdminCall call) {
        AdminInput input = call.input(Set.of("team_id", "name", "rules"));
        String teamId = input.requiredText("team_id");
        Team team = call.readable(call.store().team(teamId), AdminTargets::team, "team_id", "team", teamId);
        Target.Project target = new Target.Project(call.backend.newId("proj"), team.id());
        call.require(Action.WRITE, target);
        Optional<AccessRules> rules = input.rules("rules");
        if (rules.isPresent()) {
            call.require(Action.WRITE, new Target.Rules(target));
        }
        Project created = call.store().createProject(new Project(target.projectId(), team.id(),
                input.requiredText("name"), rules.orElse(AccessRules.NONE), call.now));
        call.changed("project.create", created.id(), Optional.empty(), Optional.of(AdminJson.project(created)));
        return AdminReply.created(AdminJson.project(created));
    }

    static AdminReply get(AdminCall call) {
        return AdminReply.ok(AdminJson.project(project(call)));
    }

    static AdminReply update(AdminCall call) {
        Project before = project(call);
        call.require(Action.WRITE, AdminTargets.project(before));
        AdminInput input = call.input(Set.of("name", "rules"));
        Optional<AccessRules> rules = input.rules("rules");
        if (rules.isPresent()) {
            call.require(Action.WRITE, new Target.Rules(AdminTargets.project(before)));
        }
        Project after = new Project(before.id(), before.teamId(), input.text("name").orElse(before.name()),
                rules.orElse(before.rules()), before.createdAt());
        Project updated = call.store().updateProject(after)
                .orElseThrow(() -> AdminProblem.notFound("project", before.id()));
        call.changed("project.update", updated.id(), Optional.of(AdminJson.project(before)),
                Optional.of(AdminJson.project(updated)));
        return AdminReply.ok(AdminJson.project(updated));
    }

    static AdminReply delete(AdminCall call) {
        Project before = project(call);
        call.require(Action.WRITE, AdminTargets.project(before));
        if (!call.store().deleteProject(before.id())) {
            throw AdminProblem.notFound("project", before.id());
        }
        call.changed("project.delete", before.id(), Optional.of(AdminJson.project(before)), Optional.empty());
        return AdminReply.noContent();
    }

    private static Project project(AdminCall call) {
        String id = call.param("id");
        return call.readable(call.store().project(id), AdminTargets::project, "project", id);
    }
}
