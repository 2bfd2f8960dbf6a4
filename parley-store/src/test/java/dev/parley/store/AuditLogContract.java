package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tenancy.AuditChain;
import dev.parley.core.tenancy.AuditEntry;
import dev.parley.core.tenancy.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the audit log promises, checked on each kind of database. */
abstract class AuditLogContract extends RealDatabaseTest {

    private static final int THREADS = 32;
    private static final int APPENDS_PER_THREAD = 8;

    protected AuditRepository audit;

    @BeforeEach
    void openAuditLog() {
        audit = new AuditRepository(database);
    }

    @Test
    void entriesAreNumberedFromOneAndChainedFromGenesis() {
        AuditEntry first = audit.append(event("team.create", 0));
        AuditEntry second = audit.append(event("key.create", 1));
        AuditEntry third = audit.append(event("auth.failure", 2));

        assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
        assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(audit.entries(0, 10)).containsExactly(first, second, third);
        assertThat(AuditChain.firstBreak(audit.entries(0, 10), AuditChain.GENESIS)).isEmpty();
    }

    @Test
    void anEventComesBackAsItWasHashed() {
        AuditEvent full = new AuditEvent(Instant.parse("2025-03-01T12:00:00.123456789Z"), "member:m1", "key.update",
                Optional.of("k1"), "203.0.113.7", Optional.of("{\"name\":\"old\",\"hint\":\"sk-parley-…a1b2\"}"),
                Optional.of("{\"name\":\"new\\nline\",\"revoked\":true}"));
        AuditEvent bare = new AuditEvent(Instant.parse("1969-12-31T23:59:59.999999999Z"), "anonymous", "auth.failure",
                Optional.empty(), "198.51.100.1", Optional.empty(), Optional.empty());

        AuditEntry fullEntry = audit.append(full);
        AuditEntry bareEntry = audit.append(bare);

        assertThat(fullEntry.event().at()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
        assertThat(bareEntry.event().at()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(fullEntry.event().after()).isEqualTo(full.after());
        assertThat(bareEntry.event().target()).isEmpty();
        assertThat(audit.entries(0, 10)).containsExactly(fullEntry, bareEntry);
        assertThat(AuditChain.firstBreak(audit.entries(0, 10), AuditChain.GENESIS)).isEmpty();
    }

    @Test
    void nulCharactersAreReplacedBeforeHashingSoTheChainStillVerifies() {
        AuditEntry entry = audit.append(new AuditEvent(Instant.EPOCH, "anonymous", "auth.failure",
                Optional.of("odd\u0000target"), "::1", Optional.empty(), Optional.empty()));

        assertThat(entry.event().target()).contains("odd\uFFFDtarget");
        assertThat(audit.entries(0, 1)).containsExactly(entry);
        assertThat(AuditChain.firstBreak(audit.entries(0, 1), AuditChain.GENESIS)).isEmpty();
    }

    @Test
    void entriesAreReadInPagesAfterASeq() {
        for (int i = 0; i < 5; i++) {
            audit.append(event("team.update", i));
        }

        assertThat(audit.entries(0, 2)).extracting(AuditEntry::seq).containsExactly(1L, 2L);
        assertThat(audit.entries(2, 2)).extracting(AuditEntry::seq).containsExactly(3L, 4L);
        assertThat(audit.entries(4, 2)).extracting(AuditEntry::seq).containsExactly(5L);
        assertThat(audit.entries(5, 2)).isEmpty();
        assertThat(audit.entries(0, 0)).isEmpty();
        List<AuditEntry> tail = audit.entries(2, 10);
        assertThat(AuditChain.firstBreak(tail, audit.entries(1, 1).getFirst().hash())).isEmpty();
    }

    @Test
    void concurrentAppendersFromTwoPoolsLeaveNoGapAndNoFork() throws Exception {
        // A second pool on the same database stands for another Parley replica (or process).
        try (Database replica = Database.open(testDatabase.url())) {
            List<AuditRepository> logs = List.of(audit, new AuditRepository(replica));
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> appended = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    AuditRepository log = logs.get(t % 2);
                    int thread = t;
                    appended.add(threads.submit(() -> {
                        start.await();
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                            seqs.add(log.append(event("thread-" + thread, i)).seq());
                        }
                        return seqs;
                    }));
                }
                start.countDown();
                List<Long> seqs = new ArrayList<>();
                for (Future<List<Long>> future : appended) {
                    seqs.addAll(future.get());
                }

                int total = THREADS * APPENDS_PER_THREAD;
                assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
                List<AuditEntry> entries = audit.entries(0, total + 1);
                assertThat(entries).extracting(AuditEntry::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
                assertThat(AuditChain.firstBreak(entries, AuditChain.GENESIS)).isEmpty();
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void anEntryEditedBehindParleysBackBreaksTheChainThere() throws Exception {
        for (int i = 0; i < 5; i++) {
            audit.append(event("key.create", i));
        }

        testDatabase.execute("UPDATE audit_log SET actor = 'member:someone-else' WHERE seq = 3");

        assertThat(AuditChain.firstBreak(audit.entries(0, 10), AuditChain.GENESIS))
                .map(AuditEntry::seq).contains(3L);
    }

    @Test
    void anEntryRemovedBehindParleysBackBreaksTheChainAfterTheGap() throws Exception {
        for (int i = 0; i < 5; i++) {
            audit.append(event("key.create", i));
        }

        testDatabase.execute("DELETE FROM audit_log WHERE seq = 2");

        assertThat(AuditChain.firstBreak(audit.entries(0, 10), AuditChain.GENESIS))
                .map(AuditEntry::seq).contains(3L);
    }

    @Test
    void aRewrittenChainTailIsCaughtByTheHashesBeforeIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            audit.append(event("key.create", i));
        }
        // A forger who recomputes the edited entry's own hash still cannot fix the next entry's link to it.
        AuditEntry second = audit.entries(1, 1).getFirst();
        AuditEvent forged = new AuditEvent(second.event().at(), "member:forger", second.event().action(),
                second.event().target(), second.event().source(), second.event().before(), second.event().after());
        String forgedHash = AuditChain.hash(2, forged, second.previousHash());
        testDatabase.execute("UPDATE audit_log SET actor = 'member:forger', hash = '" + forgedHash + "' WHERE seq = 2");

        assertThat(forgedHash).isNotEqualTo(second.hash());
        assertThat(AuditChain.firstBreak(audit.entries(0, 2), AuditChain.GENESIS)).isEmpty();
        assertThat(AuditChain.firstBreak(audit.entries(0, 10), AuditChain.GENESIS))
                .map(AuditEntry::seq).contains(3L);
    }

    private static AuditEvent event(String action, int n) {
        return new AuditEvent(TestRows.T0.plusMillis(n), "master", action, Optional.of("target-" + n), "127.0.0.1",
                Optional.empty(), Optional.of("{\"n\":" + n + "}"));
    }
}
