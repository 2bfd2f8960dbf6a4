package dev.parley.core.routing;

import java.util.Objects;

/** What one attempt goes to: a channel of the route and one of its provider's keys. */
public record Choice(Channel channel, KeySlot key) {
    public Choice {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(key, "key");
        if (!key.provider().name().equals(channel.provider().name())) {
            throw new IllegalArgumentException("the key of " + key + " is not for " + channel.provider().name());
        }
    }
}
