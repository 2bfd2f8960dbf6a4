package dev.parley.server;

import dev.parley.core.auth.KeyRing;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.Member;
import dev.parley.core.tenancy.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a credential of the admin API is: the master key, or a member by one of their own active keys, from the
 * {@link Directory}'s current snapshot. The Bearer key of an admin call and the key typed into the dashboard's
 * login are looked up here alike, so both accept exactly the same keys; a dashboard session is looked up again by
 * its {@link Subject} on every use, so a key revoked since the login ends its sessions at once.
 */
final class AdminPrincipals {

    /** The master key's subject id; a member's is the id of the key they logged in with. */
    static final String MASTER = "master";

    private final Authenticator authenticator;
    private final KeyRing configuredKeys;
    private final Directory directory;

    AdminPrincipals(Authenticator authenticator, KeyRing configuredKeys, Directory directory) {
        this.authenticator = authenticator;
        this.configuredKeys = configuredKeys;
        this.directory = directory;
    }

    /** What a session is bound to: the master key or a stored key, by id and the hash the store keeps of it. */
    record Subject(String id, String hash) {
    }

    /** The outcome of looking a credential up. */
    sealed interface Lookup {
        /** A principal, and what a session made from this credential is bound to. */
        record Found(Principal principal, Subject subject) implements Lookup {
        }

        /** Refused with this error; an unknown credential is also an {@code auth.failure} with this reason. */
        record Refused(ApiError error, Optional<String> auditReason) implements Lookup {
        }
    }

    /** A presented key: the master key, a member's active key, or refused (a service or configured key: 403). */
    Lookup byKey(String key, Instant now) {
        if (authenticator.isMaster(key)) {
            return new Lookup.Found(new Principal.MasterKey(), new Subject(MASTER, configuredKeys.hasher().hash(key)));
        }
        Optional<KeyRecord> stored = authenticator.storedKey(key, now);
        if (stored.isPresent()) {
            return member(stored.get()).<Lookup>map(p -> new Lookup.Found(p, subject(stored.get())))
                    .orElseGet(() -> new Lookup.Refused(ApiError.of(ErrorKind.PERMISSION, "admin_only",
                            "A service key calls models, not the admin API: use the master key or a member's own key."),
                            Optional.empty()));
        }
        if (configuredKeys.authenticate(key).isPresent()) {
            return new Lookup.Refused(ApiError.of(ErrorKind.PERMISSION, "admin_only", "Keys from the configuration file"
                    + " call models, not the admin API: use the master key or a member's own key."), Optional.empty());
        }
        // Never echo the presented key: it may be a real secret sent to the wrong place.
        return new Lookup.Refused(ApiError.of(ErrorKind.AUTHENTICATION, "invalid_api_key", "The API key is not valid."),
                Optional.of("invalid_api_key"));
    }

    /**
     * The principal a session's subject is now: the master key while it is still the configured one, or the member
     * holding the key while the key is active and unchanged; empty once either is gone.
     */
    Optional<Principal> bySubject(Subject subject, Instant now) {
        if (subject.id().equals(MASTER)) {
            return authenticator.masterHash().filter(subject.hash()::equals).map(h -> new Principal.MasterKey());
        }
        return directory.snapshot().key(subject.id())
                .filter(k -> k.activeAt(now) && k.hash().equals(subject.hash()))
                .flatMap(this::member);
    }

    /** The hash a subject id stands for now: the master key's, or the stored key's; empty when there is none. */
    Optional<String> hashOf(String subjectId) {
        return subjectId.equals(MASTER) ? authenticator.masterHash()
                : directory.snapshot().key(subjectId).map(KeyRecord::hash);
    }

    private Optional<Principal> member(KeyRecord key) {
        Optional<Member> member = key.memberId().flatMap(id -> directory.snapshot().member(id));
        return member.map(m -> new Principal.MemberKey(m, directory.snapshot().memberships(m.id()), key.id()));
    }

    private static Subject subject(KeyRecord key) {
        return new Subject(key.id(), key.hash());
    }
}
