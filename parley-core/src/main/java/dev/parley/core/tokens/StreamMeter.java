package dev.parley.core.tokens;

import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Meters a stream that is forwarded untouched, decoding no more of it than the bill needs. Only the events that
 * carry usage, the finish or the end ({@link StreamDecoder#billing}) are decoded as they arrive; the others are
 * kept as they came and decoded, once, only when the settlement needs the text for an estimate (no usage reported,
 * or no finish: a cut stream, a client that hung up). Either way the settlement is the one a {@link UsageMeter} fed
 * every decoded event gives.
 *
 * <p>What is kept is bounded: past {@link #KEEP_BYTES} of kept events, they are decoded at once and each later
 * event as it arrives, so a very long answer holds its text, not its events.
 */
public final class StreamMeter implements AnswerMeter {

    /** Raw bytes of kept events before the meter decodes as it goes; their parsed data is about as much again. */
    public static final int KEEP_BYTES = 2 * 1024 * 1024;

    private final Supplier<StreamDecoder> decoders;
    private final int keepBytes;
    /** The events the bill needs, decoded as they arrive. */
    private final Reading billing;
    /** The last running-usage event not yet decoded: a later one would replace it. */
    private Optional<SseEvent> runningUsage = Optional.empty();
    private final List<SseEvent> kept = new ArrayList<>();
    private long keptBytes;
    /** Every event decoded, from when the text was needed or too much was kept. */
    private Optional<Reading> full = Optional.empty();
    private boolean ended;

    /** @param decoders a fresh decoder of the provider's protocol per call */
    public StreamMeter(Supplier<StreamDecoder> decoders) {
        this(decoders, KEEP_BYTES);
    }

    StreamMeter(Supplier<StreamDecoder> decoders, int keepBytes) {
        this.decoders = decoders;
        this.keepBytes = keepBytes;
        this.billing = new Reading(decoders.get());
    }

    /** One event of the stream, as it arrives. */
    public void accept(SseEvent event) {
        if (full.isPresent()) {
            full.get().decode(event);
            return;
        }
        switch (billing.decoder.billing(event)) {
            case CONTENT -> { }
            case RUNNING_USAGE -> runningUsage = Optional.of(event);
            case USAGE_OR_END -> {
                decodeRunningUsage();
                billing.decode(event);
            }
        }
        kept.add(event);
        keptBytes += event.raw().length;
        if (keptBytes > keepBytes) {
            decodeAll();
        }
    }

    /** The upstream stream ended (EOF), with or without its protocol's end marker. */
    public void end() {
        ended = true;
        if (full.isPresent()) {
            full.get().end();
            return;
        }
        decodeRunningUsage();
        billing.end();
    }

    @Override
    public TokenUsage settle(LongSupplier input) {
        if (full.isEmpty()) {
            decodeRunningUsage();
            if (billing.readable() && billing.meter.complete()) {
                return billing.meter.settle(input);
            }
        }
        return decodeAll().settle(input);
    }

    @Override
    public boolean counts() {
        if (full.isPresent()) {
            return full.get().meter.counts();
        }
        decodeRunningUsage();
        return !(billing.readable() && billing.meter.complete());
    }

    private void decodeRunningUsage() {
        runningUsage.ifPresent(billing::decode);
        runningUsage = Optional.empty();
    }

    /** Decodes what was kept, once; from then on every event is decoded as it arrives. */
    private UsageMeter decodeAll() {
        if (full.isEmpty()) {
            Reading reading = new Reading(decoders.get());
            kept.forEach(reading::decode);
            if (ended) {
                reading.end();
            }
            kept.clear();
            keptBytes = 0;
            full = Optional.of(reading);
        }
        return full.get().meter;
    }

    /** One decoder feeding one meter; an event the decoder cannot read stops the reading, never the stream. */
    private static final class Reading {
        final StreamDecoder decoder;
        final UsageMeter meter = new UsageMeter();
        private boolean unreadable;

        Reading(StreamDecoder decoder) {
            this.decoder = decoder;
        }

        void decode(SseEvent event) {
            feed(() -> decoder.decode(event));
        }

        void end() {
            feed(decoder::end);
        }

        boolean readable() {
            return !unreadable;
        }

        private void feed(Supplier<List<StreamEvent>> events) {
            if (unreadable) {
                return;
            }
            try {
                events.get().forEach(meter::accept);
            } catch (RuntimeException e) {
                unreadable = true;
            }
        }
    }
}
