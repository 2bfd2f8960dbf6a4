package dev.parley.server;

import dev.parley.core.config.ParleyConfig;
import dev.parley.core.health.CircuitState;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.tenancy.SharedCounters;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one replica learns of upstream keys and channels, told to all: a key cooling down (after a 429, its
 * {@code Retry-After}, or a limit its provider announced), a key retired (refused by its provider) and a circuit
 * opened. Each is published on the prefix's {@code health} channel, which every replica follows, and kept in a
 * key of its own that expires when it no longer matters, so that a replica starting later (or reconnecting)
 * reads what is still in force. A provider key is named by provider, position and a hash of it, never itself.
 *
 * <p>Messages are lines of {@code |}-separated fields: {@code cool|origin|provider|index|hash|until-ms},
 * {@code retired|origin|provider|index|hash}, {@code open|origin|provider|until-ms|upstream model}. A replica
 * ignores its own.
 */
final class SharedHealth implements KeyRotation.Listener, ChannelBoard.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SharedHealth.class);
    /** How long a retired key stays retired for replicas that start later. */
    private static final Duration RETIRED_FOR = Duration.ofDays(1);

    private final RedisLink link;
    private final KeyRotation keys;
    private final ChannelBoard board;
    private final Supplier<ParleyConfig> config;
    private final SharedCounters names;
    private final String origin = UUID.randomUUID().toString();
    private volatile Optional<RedisConnection> subscription = Optional.empty();

    SharedHealth(RedisLink link, KeyRotation keys, ChannelBoard board, Supplier<ParleyConfig> config) {
        this.link = link;
        this.keys = keys;
        this.board = board;
        this.config = config;
        this.names = new SharedCounters(link.settings().keyPrefix());
        keys.listen(this);
        board.listen(this);
        link.whenUp(this::follow);
    }

    @Override
    public void cooled(KeySlot slot, Instant until) {
        long ttl = until.toEpochMilli() - System.currentTimeMillis();
        if (ttl <= 0) {
            return;
        }
        String hash = KeyRotation.fingerprint(slot);
        String message = String.join("|", "cool", origin, slot.provider().name(), Integer.toString(slot.index()), hash,
                Long.toString(until.toEpochMilli()));
        tell(names.keyState(slot.provider().name(), slot.index(), hash), message, ttl);
    }

    @Override
    public void retired(KeySlot slot) {
        String hash = KeyRotation.fingerprint(slot);
        String message = String.join("|", "retired", origin, slot.provider().name(), Integer.toString(slot.index()),
                hash);
        tell(names.keyState(slot.provider().name(), slot.index(), hash), message, RETIRED_FOR.toMillis());
    }

    @Override
    public void opened(ChannelBoard.Target target, CircuitState.Open open) {
        long ttl = Duration.ofNanos(open.untilNanos() - System.nanoTime()).toMillis();
        if (ttl <= 0) {
            return;
        }
        String message = String.join("|", "open", origin, target.provider(),
                Long.toString(System.currentTimeMillis() + ttl), target.upstreamModel());
        tell(link.settings().keyPrefix() + "circuit:" + target.provider() + ":" + target.upstreamModel(), message, ttl);
    }

    /** Publishes {@code message} and keeps it under {@code key} for {@code ttlMillis}; lost while Redis is down. */
    private void tell(String key, String message, long ttlMillis) {
        if (!link.up()) {
            return;
        }
        link.send(Request.cmd(Command.SET).arg(key).arg(message).arg("PX").arg(Math.max(1, ttlMillis)));
        link.send(Request.cmd(Command.PUBLISH).arg(names.healthChannel()).arg(message));
    }

    /** Subscribes to the channel (again, after Redis was away) and reads what is in force now. */
    private void follow() {
        close();
        link.connect().onSuccess(connection -> {
            subscription = Optional.of(connection);
            connection.handler(this::pushed);
            // A connection this class closed itself (to subscribe again) is no longer the subscription.
            connection.exceptionHandler(e -> {
                if (subscription.filter(c -> c == connection).isPresent()) {
                    link.down(e);
                }
            });
            connection.endHandler(v -> {
                if (subscription.filter(c -> c == connection).isPresent()) {
                    link.down(new IllegalStateException("the subscription was closed"));
                }
            });
            connection.send(Request.cmd(Command.SUBSCRIBE).arg(names.healthChannel()));
            scan("0");
        }).onFailure(link::down);
    }

    private void scan(String cursor) {
        String prefix = link.settings().keyPrefix();
        link.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + "*").arg("COUNT").arg(1000))
                .onSuccess(page -> {
                    Request get = Request.cmd(Command.MGET);
                    int wanted = 0;
                    for (Response name : page.get(1)) {
                        String key = name.toString();
                        if (key.startsWith(prefix + "key:") || key.startsWith(prefix + "circuit:")) {
                            get.arg(key);
                            wanted++;
                        }
                    }
                    if (wanted > 0) {
                        link.send(get).onSuccess(values -> values.forEach(v -> {
                            if (v != null) {
                                apply(v.toString());
                            }
                        }));
                    }
                    String next = page.get(0).toString();
                    if (!"0".equals(next)) {
                        scan(next);
                    }
                });
    }

    /** A message on the subscription: {@code [message, channel, payload]}; others are the subscription's replies. */
    private void pushed(Response response) {
        if (response.size() == 3 && "message".equals(response.get(0).toString())) {
            apply(response.get(2).toString());
        }
    }

    /** Applies another replica's message; malformed or unknown ones are ignored. */
    void apply(String message) {
        String[] f = message.split("\\|", message.startsWith("open|") ? 5 : 6);
        if (f.length < 5 || f[1].equals(origin)) {
            return;
        }
        try {
            switch (f[0]) {
                case "cool" -> slot(f[2], f[3], f[4]).ifPresent(slot -> keys.learnCoolDown(slot,
                        Instant.ofEpochMilli(Long.parseLong(f[5]))));
                case "retired" -> slot(f[2], f[3], f[4]).ifPresent(slot -> {
                    if (keys.learnRetired(slot)) {
                        LOG.warn("Key {} is retired: another replica's provider refused it", slot);
                    }
                });
                case "open" -> {
                    long left = Long.parseLong(f[3]) - System.currentTimeMillis();
                    long now = System.nanoTime();
                    board.learnOpen(new ChannelBoard.Target(f[2], f[4]), now + Duration.ofMillis(left).toNanos(), now);
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.debug("Ignored a health message that could not be read", e);
        }
    }

    /** The key a message names, if this replica has it: same provider, position and hash. */
    private Optional<KeySlot> slot(String provider, String index, String hash) {
        int position = Integer.parseInt(index);
        return config.get().provider(provider).filter(p -> position < Math.max(1, p.keys().size()))
                .map(p -> new KeySlot(p, position)).filter(slot -> KeyRotation.fingerprint(slot).equals(hash));
    }

    void close() {
        Optional<RedisConnection> last = subscription;
        subscription = Optional.empty();
        last.ifPresent(RedisConnection::close);
    }
}
