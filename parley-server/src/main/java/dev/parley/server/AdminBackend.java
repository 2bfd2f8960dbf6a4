package dev.parley.server;

import dev.parley.core.auth.KeyHasher;
import dev.parley.core.deadletter.DeadLetterStore;
import dev.parley.core.tenancy.AuditEvent;
import dev.parley.core.tenancy.BalanceStore;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.core.tenancy.TenancyStore;
import dev.parley.core.usage.BodyLog;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What admin handlers act on: the store, the {@link Directory} the request path reads (reloaded after every change,
 * so that the change holds from the next request on, a revocation included), the hasher keys are stored under, a
 * strong random source for keys and ids, the audit trail, admission (what requests in flight hold of an
 * account), and the kept request bodies.
 */
record AdminBackend(Optional<TenancyPorts> ports, Directory directory, KeyHasher hasher, RandomGenerator random,
                    AuditTrail audit, Catalog catalog, Admission admission, BodyLog bodies,
                    Optional<DeadLetterStore> deadLetterStore, InternalCalls internal) {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    TenancyStore store() {
        return ports.map(TenancyPorts::store).orElseThrow(() -> AdminProblem.unavailable(
                "Teams, keys, limits and budgets need Parley's database; this Parley runs without one."));
    }

    DeadLetterStore deadLetters() {
        return deadLetterStore.orElseThrow(() -> AdminProblem.unavailable(
                "The dead-letter queue needs Parley's database; this Parley runs without one."));
    }

    BalanceStore balances() {
        store();
        return ports.orElseThrow().balances();
    }

    /** A new id: the kind's prefix and 20 base62 characters (about 119 random bits), e.g. {@code team_…}. */
    String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 20; i++) {
            id.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    /** After a change: the request path sees it from now on, and the audit log holds it. */
    void changed(AuditEvent event) {
        directory.reload(Instant.now());
        audit.appendNow(event);
    }
}
