package dev.parley.core.routing;

import dev.parley.core.health.Attempt;
import java.util.Objects;

/**
 * What one attempt goes to: a channel of the route and one of its provider's keys, with the channel's health
 * attempt already begun (its in-flight count, and its circuit's probe slot if it is half-open). Whoever holds a
 * choice must end {@code attempt} exactly once, even if the request is never sent.
 */
public record Choice(Channel channel, KeySlot key, Attempt<Channel> attempt) {
    public Choice {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attempt, "attempt");
        if (!key.provider().name().equals(channel.provider().name())) {
            throw new IllegalArgumentException("the key of " + key + " is not for " + channel.provider().name());
        }
        if (!attempt.channel().equals(channel)) {
            throw new IllegalArgumentException("the health attempt is for another channel than " + channel);
        }
    }
}
