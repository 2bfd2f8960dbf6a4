package dev.parley.core.routing;

import java.util.Comparator;
import java.util.List;

/** The channels that can serve one requested model name, ordered by priority tier (lowest number first). */
public record Route(String model, List<Channel> channels) {
    public Route {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one channel: " + model);
        }
        channels = channels.stream().sorted(Comparator.comparingInt(Channel::priority)).toList();
    }
}
