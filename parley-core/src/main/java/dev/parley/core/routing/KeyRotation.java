package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Spreads a provider's traffic over its upstream keys in turn, so one key's rate limit is not hit first, and keeps
 * a rate-limited key out of turn until its cool-down ends, a key at its configured {@code rpm} or {@code tpm} out
 * until its window has room, and a refused key out for good (until restart). Shared by every event loop, hence the
 * concurrent maps; the time is always the caller's.
 */
public final class KeyRotation {

    private final ConcurrentHashMap<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<KeyId, Instant> coolingUntil = new ConcurrentHashMap<>();
    private final Set<KeyId> dead = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<KeyId, RequestWindow> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<KeyId, TokenWindow> tokenWindows = new ConcurrentHashMap<>();
    private volatile Listener listener = Listener.NONE;

    /** Hears of what this instance learned of its keys, to tell other replicas; never of what it was told. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void cooled(KeySlot slot, Instant until) {
            }

            @Override
            public void retired(KeySlot slot) {
            }
        };

        /** The key is out of turn until {@code until} (a later cool-down than it had). */
        void cooled(KeySlot slot, Instant until);

        /** The key is out of turn for good. */
        void retired(KeySlot slot);
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /**
     * Keys are told apart by provider name, position and the key itself: a provider changed through the admin API is
     * a new record, and a key put in another's place starts without the cool-down or refusal of the one it replaced.
     * The key is kept as its hash code only, so that no secret sits in these maps.
     */
    private record KeyId(String provider, int index, int key) {
        static KeyId of(KeySlot slot) {
            var keys = slot.provider().keys();
            return new KeyId(slot.provider().name(), slot.index(),
                    keys.isEmpty() ? 0 : keys.get(slot.index()).value().hashCode());
        }
    }

    /** Whether the provider has a usable key at {@code now} outside {@code avoid}; moves no turn. */
    public boolean hasUsable(ProviderConfig provider, Instant now, Set<KeySlot> avoid) {
        for (int i = 0; i < KeySlot.count(provider); i++) {
            KeySlot slot = new KeySlot(provider, i);
            if (usable(slot, now) && !avoid.contains(slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next usable key of the provider at {@code now}, preferring one not in {@code avoid} (the keys this request
     * already tried); empty when every key is cooling down, at its limit or dead. Under a configured {@code rpm} the
     * key's slot in its window is taken here, in the same step as the check, so that no two event loops can both
     * send the request that fills it: the caller is expected to send.
     */
    public Optional<KeySlot> next(ProviderConfig provider, Instant now, Set<KeySlot> avoid) {
        int count = KeySlot.count(provider);
        int start = turn(provider);
        Optional<KeySlot> fallback = Optional.empty();
        for (int i = 0; i < count; i++) {
            KeySlot slot = new KeySlot(provider, Math.floorMod(start + i, count));
            if (!usable(slot, now)) {
                continue;
            }
            if (!avoid.contains(slot)) {
                if (take(slot, now)) {
                    return Optional.of(slot);
                }
            } else if (fallback.isEmpty()) {
                fallback = Optional.of(slot);
            }
        }
        return fallback.filter(slot -> take(slot, now));
    }

    public boolean usable(KeySlot slot, Instant now) {
        KeyId id = KeyId.of(slot);
        if (dead.contains(id)) {
            return false;
        }
        Instant until = coolingUntil.get(id);
        return (until == null || !now.isBefore(until)) && window(slot).map(w -> w.hasRoom(now)).orElse(true)
                && tokenWindow(slot).map(w -> w.hasRoom(now)).orElse(true);
    }

    /** Where the key stands at {@code now}, for an operator's eyes. */
    public KeyState state(KeySlot slot, Instant now) {
        KeyId id = KeyId.of(slot);
        if (dead.contains(id)) {
            return new KeyState.Refused();
        }
        return backAt(slot, now).<KeyState>map(KeyState.Cooling::new).orElseGet(KeyState.Usable::new);
    }

    /** When the key is in turn again, if it is out now: the latest of its cool-down and its full windows. */
    private Optional<Instant> backAt(KeySlot slot, Instant now) {
        return Stream.of(Optional.ofNullable(coolingUntil.get(KeyId.of(slot))).filter(now::isBefore),
                        window(slot).flatMap(w -> w.freeAt(now)), tokenWindow(slot).flatMap(w -> w.freeAt(now)))
                .flatMap(Optional::stream).max(Instant::compareTo);
    }

    /** Takes the key out of turn until {@code until}; a later cool-down already in force is kept. */
    public void coolDown(KeySlot slot, Instant until) {
        if (learnCoolDown(slot, until)) {
            listener.cooled(slot, until);
        }
    }

    /**
     * A cool-down another replica saw: applied like one seen here, without telling the listener. Returns whether it
     * moved the key's return later.
     */
    public boolean learnCoolDown(KeySlot slot, Instant until) {
        KeyId id = KeyId.of(slot);
        return coolingUntil.merge(id, until, (a, b) -> a.isAfter(b) ? a : b) == until;
    }

    /** Takes the key out of turn for good: the provider refused it, and asking again costs a round trip each time. */
    public void kill(KeySlot slot) {
        if (learnRetired(slot)) {
            listener.retired(slot);
        }
    }

    /** A refusal another replica saw; returns whether the key was in turn until now. */
    public boolean learnRetired(KeySlot slot) {
        return dead.add(KeyId.of(slot));
    }

    /**
     * A name for the key that other replicas compute alike and that gives nothing of it away: the first 16 hex
     * digits of its SHA-256 ({@code none} for a provider without keys).
     */
    public static String fingerprint(KeySlot slot) {
        return slot.secret().map(secret -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.value().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }).orElse("none");
    }

    /**
     * When the first of the provider's unusable keys comes back (its cool-down over and room in its window); empty if
     * none is waiting for either (all usable or dead).
     */
    public Optional<Instant> availableAgain(ProviderConfig provider, Instant now) {
        Optional<Instant> earliest = Optional.empty();
        for (int i = 0; i < KeySlot.count(provider); i++) {
            KeySlot slot = new KeySlot(provider, i);
            KeyId id = KeyId.of(slot);
            if (dead.contains(id)) {
                continue;
            }
            // Every limit must have passed: the key comes back at the latest of the moments each one frees.
            Optional<Instant> back = backAt(slot, now);
            if (back.isPresent() && (earliest.isEmpty() || back.get().isBefore(earliest.get()))) {
                earliest = back;
            }
        }
        return earliest;
    }

    /** The tokens an answer on {@code slot} used, counted against the key's configured {@code tpm}. */
    public void spent(KeySlot slot, long tokens, Instant now) {
        tokenWindow(slot).ifPresent(w -> w.add(now, tokens));
    }

    private Optional<TokenWindow> tokenWindow(KeySlot slot) {
        if (slot.provider().tpm().isEmpty()) {
            return Optional.empty();
        }
        long limit = slot.provider().tpm().getAsLong();
        return Optional.of(tokenWindows.computeIfAbsent(KeyId.of(slot), id -> new TokenWindow(limit)));
    }

    private boolean take(KeySlot slot, Instant now) {
        return window(slot).map(w -> w.tryTake(now)).orElse(true);
    }

    private Optional<RequestWindow> window(KeySlot slot) {
        if (slot.provider().rpm().isEmpty()) {
            return Optional.empty();
        }
        int limit = slot.provider().rpm().getAsInt();
        return Optional.of(windows.computeIfAbsent(KeyId.of(slot), id -> new RequestWindow(limit)));
    }

    private int turn(ProviderConfig provider) {
        int turn = cursors.computeIfAbsent(provider.name(), n -> new AtomicInteger()).getAndIncrement();
        return Math.floorMod(turn, KeySlot.count(provider));
    }
}
