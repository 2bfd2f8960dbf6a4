package dev.parley.app;

import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.Failure;
import dev.parley.store.Database;
import dev.parley.store.DeadLetterRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Dead letters written straight to a Parley's store, as a failed batch item leaves them. */
final class DeadLetters {

    static final String BODY = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}";

    private DeadLetters() {
    }

    /** Adds a letter of the key {@code keyScope} names to the store in {@code dataDir}; returns its id. */
    static String add(Path dataDir, String keyScope, String keyName, Optional<String> teamId) {
        String id = "dlq_" + UUID.randomUUID().toString().replace("-", "");
        try (Database database = Database.open("sqlite:" + dataDir.resolve("parley.db"))) {
            new DeadLetterRepository(database).add(new DeadLetter(id, "batch", "batch_test", id, keyScope, keyName,
                    teamId, "/v1/chat/completions", BODY.getBytes(StandardCharsets.UTF_8),
                    List.of(new Failure(1, Optional.of("fake-openai"), Optional.of("upstream-model"), OptionalInt.of(503),
                            "upstream_503", "Provider 'fake-openai' answered 503.")),
                    Instant.now(), Optional.empty()));
        }
        return id;
    }
}
