package dev.parley.core.json;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The JSON factories of the request path, all with one buffer pool per thread. Jackson's default pool is one
 * deque per factory that every thread takes its parse buffers from and gives them back to: with two event loops
 * parsing at once, each parse touched a shared queue whose head moved between the cores (about 1 µs a request
 * under 16 connections, async-profiler). A loop is a long-lived platform thread, so keeping its buffers to itself
 * loses nothing; a short-lived thread just starts with fresh buffers, as it would on an empty shared pool.
 */
public final class JsonFactories {

    /** For parsers made without limits of their own. */
    public static final JsonFactory DEFAULT = builder().build();

    private JsonFactories() {
    }

    /** A builder that already has the per-thread pool; add limits before building. */
    public static JsonFactoryBuilder builder() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool());
    }
}
