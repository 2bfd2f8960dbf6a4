package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.DeadLetterFilter;
import dev.parley.core.deadletter.Failure;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the dead-letter queue's store promises, checked on each kind of database. */
abstract class DeadLetterStoreContract extends RealDatabaseTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private DeadLetterRepository store;

    @BeforeEach
    void openStore() {
        store = new DeadLetterRepository(database);
    }

    static DeadLetter letter(String id, String batch, String item, Optional<String> team) {
        return new DeadLetter(id, "batch", batch, item, "key:k1", "ci", team, "/v1/chat/completions",
                "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8),
                List.of(new Failure(1, Optional.of("p"), Optional.of("um"), OptionalInt.of(503), "upstream_503",
                        "Provider 'p' is unavailable"),
                        new Failure(2, Optional.empty(), Optional.empty(), OptionalInt.empty(), "timed_out", "no answer")),
                T0, Optional.empty());
    }

    @Test
    void aLetterIsAddedOncePerItemAndReadBackWhole() {
        DeadLetter letter = letter("dlq_1", "batch_1", "a", Optional.of("t1"));

        assertThat(store.add(letter)).isTrue();
        assertThat(store.add(letter("dlq_2", "batch_1", "a", Optional.of("t1")))).isFalse();

        assertThat(store.find("dlq_1")).contains(letter);
        assertThat(store.find("dlq_2")).isEmpty();
        assertThat(store.find("dlq_1").orElseThrow().state()).isEqualTo("dead");
    }

    @Test
    void aReplayStartsOnceAndKeepsItsOutcome() {
        store.add(letter("dlq_1", "batch_1", "a", Optional.empty()));

        DeadLetter started = store.startReplay("dlq_1", "master", T0.plusSeconds(5)).orElseThrow();

        assertThat(started.state()).isEqualTo("replaying");
        assertThat(store.startReplay("dlq_1", "other", T0.plusSeconds(6))).isEmpty();
        store.finishReplay("dlq_1", new DeadLetter.Outcome(200, Optional.of("req_1"), "{\"ok\":true}"));
        DeadLetter replayed = store.find("dlq_1").orElseThrow();
        assertThat(replayed.state()).isEqualTo("replayed");
        assertThat(replayed.replay()).contains(new DeadLetter.Replay("master", T0.plusSeconds(5),
                Optional.of(new DeadLetter.Outcome(200, Optional.of("req_1"), "{\"ok\":true}"))));
        assertThat(store.startReplay("missing", "master", T0)).isEmpty();
    }

    @Test
    void listsArePagedAndFiltered() {
        for (int i = 1; i <= 5; i++) {
            store.add(letter("dlq_" + i, i <= 3 ? "batch_1" : "batch_2", "item" + i,
                    i % 2 == 0 ? Optional.of("t1") : Optional.empty()));
        }
        store.startReplay("dlq_1", "master", T0);

        Page<DeadLetter> first = store.list(DeadLetterFilter.ALL, new PageRequest(2, Optional.empty()));
        Page<DeadLetter> second = store.list(DeadLetterFilter.ALL, new PageRequest(2, first.next()));
        Page<DeadLetter> third = store.list(DeadLetterFilter.ALL, new PageRequest(2, second.next()));

        assertThat(first.items()).extracting(DeadLetter::id).containsExactly("dlq_1", "dlq_2");
        assertThat(second.items()).extracting(DeadLetter::id).containsExactly("dlq_3", "dlq_4");
        assertThat(third.items()).extracting(DeadLetter::id).containsExactly("dlq_5");
        assertThat(third.next()).isEmpty();
        assertThat(store.list(new DeadLetterFilter(Optional.empty(), Optional.of("batch_1"), Optional.of("dead"),
                Optional.empty()), PageRequest.FIRST).items()).extracting(DeadLetter::id).containsExactly("dlq_2", "dlq_3");
        assertThat(store.list(new DeadLetterFilter(Optional.of("batch"), Optional.empty(), Optional.empty(),
                Optional.of("t1")), PageRequest.FIRST).items()).extracting(DeadLetter::id).containsExactly("dlq_2", "dlq_4");
        assertThat(store.list(new DeadLetterFilter(Optional.empty(), Optional.empty(), Optional.of("replaying"),
                Optional.empty()), PageRequest.FIRST).items()).extracting(DeadLetter::id).containsExactly("dlq_1");
    }

    @Test
    void aDiscardedLetterIsGone() {
        store.add(letter("dlq_1", "batch_1", "a", Optional.empty()));

        assertThat(store.discard("dlq_1")).isTrue();
        assertThat(store.discard("dlq_1")).isFalse();
        assertThat(store.find("dlq_1")).isEmpty();
    }
}
