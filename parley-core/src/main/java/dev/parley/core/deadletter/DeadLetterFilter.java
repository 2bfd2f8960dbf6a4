package dev.parley.core.deadletter;

import java.util.Objects;
import java.util.Optional;

/** What a listing of dead letters keeps: any of a source, a source id, a state and a team. */
public record DeadLetterFilter(Optional<String> source, Optional<String> sourceId, Optional<String> state,
                               Optional<String> teamId) {

    public static final DeadLetterFilter ALL = new DeadLetterFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public DeadLetterFilter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(teamId, "teamId");
    }

    public boolean keeps(DeadLetter letter) {
        return source.map(letter.source()::equals).orElse(true) && sourceId.map(letter.sourceId()::equals).orElse(true)
                && state.map(letter.state()::equals).orElse(true)
                && teamId.map(t -> letter.teamId().equals(Optional.of(t))).orElse(true);
    }
}
