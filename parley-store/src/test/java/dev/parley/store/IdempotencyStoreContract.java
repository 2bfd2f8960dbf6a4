package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.idempotency.IdempotencyKey;
import dev.parley.core.idempotency.IdempotencyRecord;
import dev.parley.core.idempotency.IdempotencyStore;
import dev.parley.core.idempotency.StoredResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the store of idempotency keys promises, checked on each kind of database. */
abstract class IdempotencyStoreContract extends RealDatabaseTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final IdempotencyKey KEY = new IdempotencyKey("key:k1", "order-42");

    private IdempotencyRepository store;

    @BeforeEach
    void openStore() {
        store = new IdempotencyRepository(database);
    }

    private static IdempotencyRecord claim(IdempotencyKey key, String fingerprint, Instant at) {
        return new IdempotencyRecord(key, fingerprint, new IdempotencyRecord.State.InFlight(), at,
                at.plus(Duration.ofHours(24)), at.plus(Duration.ofMinutes(15)));
    }

    @Test
    void theFirstClaimWinsAndTheNextSeesItInFlight() {
        assertThat(store.claim(claim(KEY, "aa", T0))).isInstanceOf(IdempotencyStore.Claim.Won.class);

        IdempotencyStore.Claim second = store.claim(claim(KEY, "bb", T0.plusSeconds(1)));

        assertThat(second).isInstanceOfSatisfying(IdempotencyStore.Claim.Held.class, held -> {
            assertThat(held.holder().fingerprint()).isEqualTo("aa");
            assertThat(held.holder().state()).isEqualTo(new IdempotencyRecord.State.InFlight());
            assertThat(held.holder().createdAt()).isEqualTo(T0);
        });
    }

    @Test
    void aCompletedResultIsKeptByteForByte() {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        StoredResult result = new StoredResult(200, Map.of("content-type", "text/event-stream"), body);
        store.claim(claim(KEY, "aa", T0));

        store.complete(KEY, Optional.of(result));

        assertThat(store.find(KEY).orElseThrow().state()).isEqualTo(new IdempotencyRecord.State.Done(Optional.of(result)));
        assertThat(store.claim(claim(KEY, "aa", T0.plusSeconds(5))))
                .isEqualTo(new IdempotencyStore.Claim.Held(store.find(KEY).orElseThrow()));
    }

    @Test
    void aResultNotKeptIsDoneWithoutABody() {
        store.claim(claim(KEY, "aa", T0));

        store.complete(KEY, Optional.empty());

        assertThat(store.find(KEY).orElseThrow().state()).isEqualTo(new IdempotencyRecord.State.Done(Optional.empty()));
    }

    @Test
    void aReleasedKeyIsFreeAgain() {
        store.claim(claim(KEY, "aa", T0));

        store.release(KEY);

        assertThat(store.find(KEY)).isEmpty();
        assertThat(store.claim(claim(KEY, "bb", T0.plusSeconds(1)))).isInstanceOf(IdempotencyStore.Claim.Won.class);
        assertThat(store.find(KEY).orElseThrow().fingerprint()).isEqualTo("bb");
    }

    @Test
    void anExpiredLeaseOrWindowIsTakenOver() {
        store.claim(claim(KEY, "aa", T0));
        assertThat(store.claim(claim(KEY, "aa", T0.plus(Duration.ofMinutes(15)))))
                .isInstanceOf(IdempotencyStore.Claim.Won.class);
        store.complete(KEY, Optional.empty());

        assertThat(store.claim(claim(KEY, "aa", T0.plus(Duration.ofHours(2)))))
                .isInstanceOf(IdempotencyStore.Claim.Held.class);
        assertThat(store.claim(claim(KEY, "cc", T0.plus(Duration.ofHours(25)))))
                .isInstanceOf(IdempotencyStore.Claim.Won.class);
        assertThat(store.find(KEY).orElseThrow().state()).isEqualTo(new IdempotencyRecord.State.InFlight());
    }

    @Test
    void keysAreScopedToTheirVirtualKey() {
        store.claim(claim(KEY, "aa", T0));

        assertThat(store.claim(claim(new IdempotencyKey("key:k2", KEY.value()), "aa", T0)))
                .isInstanceOf(IdempotencyStore.Claim.Won.class);
    }

    @Test
    void purgeForgetsOnlyEndedWindows() {
        store.claim(claim(KEY, "aa", T0));
        IdempotencyKey later = new IdempotencyKey("key:k1", "later");
        store.claim(claim(later, "aa", T0.plus(Duration.ofHours(2))));

        assertThat(store.purge(T0.plus(Duration.ofHours(25)))).isEqualTo(1);

        assertThat(store.find(KEY)).isEmpty();
        assertThat(store.find(later)).isPresent();
    }

    @Test
    void sixteenClaimsAtOnceHaveOneWinner() throws Exception {
        List<IdempotencyStore.Claim> claims = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<IdempotencyStore.Claim>> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<IdempotencyStore.Claim> one = () -> store.claim(claim(KEY, "aa", T0));
                sent.add(pool.submit(one));
            }
            for (Future<IdempotencyStore.Claim> claim : sent) {
                claims.add(claim.get());
            }
        }

        assertThat(claims.stream().filter(IdempotencyStore.Claim.Won.class::isInstance)).hasSize(1);
    }
}
