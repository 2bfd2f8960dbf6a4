package dev.parley.server;

import dev.parley.core.tenancy.Accounts;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.core.tenancy.TenancySnapshot;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tenancy data the request path reads: one immutable {@link TenancySnapshot}, read from the store at start-up
 * and replaced whole after every admin change ({@link #reload}), so that a change takes effect at the next request
 * without a restart, and a request never sees half of one. The prepaid accounts and their credit are read with it,
 * so that a top-up holds from the next request on.
 */
final class Directory {

    private final Optional<TenancyPorts> ports;
    private final AtomicReference<TenancySnapshot> current = new AtomicReference<>(TenancySnapshot.EMPTY);
    private final AtomicReference<Accounts> accounts = new AtomicReference<>(Accounts.NONE);

    Directory(Optional<TenancyPorts> ports) {
        this.ports = ports;
    }

    Optional<TenancyPorts> ports() {
        return ports;
    }

    TenancySnapshot snapshot() {
        return current.get();
    }

    Accounts accounts() {
        return accounts.get();
    }

    /** Reads the store again; blocks, so it is called off the event loops (or before they start). */
    synchronized void reload(Instant now) {
        ports.ifPresent(p -> {
            current.set(p.store().snapshot(now));
            accounts.set(p.balances().accounts());
        });
    }
}
