package dev.parley.core.health;

import java.time.Instant;
import java.util.Map;

/**
 * The port to the channels' recent attempts as the ledger keeps them (the store implements it): the same figures
 * for every replica sharing the database, and across restarts.
 */
public interface ChannelHistory {

    /**
     * Each channel with attempts in the day before {@code now}, and its figures over each {@link ChannelWindows.Span}
     * ending at {@code now} (the minute or quarter hour of {@code now} included, so a window is exact to the minute,
     * the day's to the quarter hour).
     */
    Map<ChannelWindows.Target, Map<ChannelWindows.Span, ChannelWindows.Stats>> windows(Instant now);
}
