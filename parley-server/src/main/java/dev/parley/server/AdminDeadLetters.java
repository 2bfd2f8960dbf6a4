package dev.parley.server;

import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.DeadLetterFilter;
import dev.parley.core.deadletter.DeadLetterStore;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Target;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/dead-letters}: asynchronous work that still failed after every retry and fallback. Organization
 * admins see and act on all of it (viewers read it); a team's admins on their team's items, its viewers read them.
 * A replay runs the item again, once, as a request of its key through Parley's own port ({@link InternalCalls}),
 * so it takes the normal routing, limits, budgets and ledger; its outcome is kept with the item.
 */
final class AdminDeadLetters {

    private static final Set<String> STATES = Set.of("dead", "replaying", "replayed");
    /** Longer than a request's retries and waits take; the replay answers when the request has. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(10);

    private AdminDeadLetters() {
    }

    static AdminReply list(AdminCall call) {
        Optional<String> state = call.query("state");
        if (state.filter(s -> !STATES.contains(s)).isPresent()) {
            throw AdminProblem.badRequest("state", "must be dead, replaying or replayed");
        }
        DeadLetterFilter filter = new DeadLetterFilter(call.query("source"), call.query("source_id"), state,
                call.query("team"));
        DeadLetterStore store = call.backend.deadLetters();
        Page<DeadLetter> page = AdminPages.visible(p -> store.list(filter, p),
                letter -> call.may(Action.READ, target(letter)), DeadLetter::id, call.page());
        return AdminReply.ok(AdminJson.page(page, letter -> AdminJson.deadLetter(letter, false)));
    }

    static AdminReply get(AdminCall call) {
        return AdminReply.ok(AdminJson.deadLetter(letter(call), true));
    }

    /** Runs the item again, once: a second replay (or one already running) is a 409. */
    static AdminReply replay(AdminCall call) {
        DeadLetter before = letter(call);
        call.require(Action.WRITE, target(before));
        DeadLetterStore store = call.backend.deadLetters();
        DeadLetter started = store.startReplay(before.id(), call.principal.actor(), call.now)
                .orElseThrow(() -> AdminProblem.conflict("dead letter " + before.id() + " was replayed already ("
                        + before.state() + "); a dead letter is replayed once"));
        InternalCalls.Answer answer;
        try {
            answer = call.backend.internal().post(started.keyScope(), started.endpoint(), started.body(),
                    REPLAY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new InternalCalls.Answer(503, Optional.empty(), "{\"error\":{\"message\":\"Parley stopped before"
                    + " the replay was answered.\"}}");
        }
        DeadLetter.Outcome outcome = new DeadLetter.Outcome(answer.status(), answer.requestId(), answer.body());
        store.finishReplay(started.id(), outcome);
        DeadLetter after = store.find(started.id()).orElseThrow(() -> AdminProblem.notFound("dead letter",
                started.id()));
        call.changed("dead_letter.replay", after.id(), Optional.of(AdminJson.deadLetter(before, false)),
                Optional.of(AdminJson.deadLetter(after, false)));
        return AdminReply.ok(AdminJson.deadLetter(after, true));
    }

    static AdminReply discard(AdminCall call) {
        DeadLetter before = letter(call);
        call.require(Action.WRITE, target(before));
        if (!call.backend.deadLetters().discard(before.id())) {
            throw AdminProblem.notFound("dead letter", before.id());
        }
        call.changed("dead_letter.discard", before.id(), Optional.of(AdminJson.deadLetter(before, false)),
                Optional.empty());
        return AdminReply.noContent();
    }

    private static DeadLetter letter(AdminCall call) {
        String id = call.param("id");
        return call.readable(call.backend.deadLetters().find(id), AdminDeadLetters::target, "dead letter", id);
    }

    private static Target target(DeadLetter letter) {
        return new Target.DeadLetter(letter.teamId());
    }
}
