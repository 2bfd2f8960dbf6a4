package dev.parley.app;

import java.util.Map;
import java.util.Properties;

/**
 * Netty's settings for a serving Parley, set before Netty reads them (its classes read system properties once, when
 * first loaded). Each is set only if the operator has not set it: {@code -Dio.netty.leakDetection.level=paranoid}
 * still turns leak detection on.
 *
 * <ul>
 *   <li>{@code io.netty.allocator.type=pooled}: the pooled allocator keeps a cache per event loop; Netty 4.2's
 *       default, the adaptive allocator, cost the event loops more per request.
 *   <li>{@code io.netty.leakDetection.level=disabled}: leak detection samples buffers and records where each
 *       sampled one was touched, which is for finding leaks in tests, not for serving traffic. Parley's own tests
 *       start the server without this class, with Netty's default detection on.
 * </ul>
 *
 * <p>Measured with {@code wrk -c16} on pass-through, 2-core machine: see README, "Performance".
 */
final class NettyDefaults {

    static final Map<String, String> SETTINGS = Map.of(
            "io.netty.allocator.type", "pooled",
            "io.netty.leakDetection.level", "disabled");

    private NettyDefaults() {
    }

    /** Sets every setting {@code properties} does not have yet. */
    static void apply(Properties properties) {
        SETTINGS.forEach(properties::putIfAbsent);
    }
}
