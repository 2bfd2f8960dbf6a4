package dev.parley.app;

import dev.parley.testkit.FakeProvider;
import dev.parley.testkit.FakeProviderExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's fake provider and the Parley in front of it, on a static field: the fake for the class (reset
 * before each test, as {@link FakeProviderExtension} does), a Parley started by {@link #start} after it on a data
 * folder of its own, closed before it, and the folder deleted.
 *
 * @param <P> how the tests drive that Parley
 */
public abstract class ParleyBehindFake<P extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final FakeProviderExtension upstream = new FakeProviderExtension();
    private Path dataDir;
    private P parley;

    /** Starts Parley in front of the fake at {@code upstreamBaseUrl}, keeping its data in {@code dataDir}. */
    protected abstract P start(String upstreamBaseUrl, Path dataDir) throws Exception;

    public FakeProvider fake() {
        return upstream.fake();
    }

    public String baseUrl() {
        return upstream.baseUrl();
    }

    public Path dataDir() {
        return running(dataDir);
    }

    public P parley() {
        return running(parley);
    }

    /**
     * Closes Parley and starts it again on the same data folder (its database, journal and secret) in front of the
     * same fake, as an operator's restart does; answers the new one.
     */
    public P restart() throws Exception {
        P running = parley();
        parley = null;
        running.close();
        parley = start(upstream.baseUrl(), dataDir);
        return parley;
    }

    private static <T> T running(T part) {
        if (part == null) {
            throw new IllegalStateException("Parley runs only while the test class runs");
        }
        return part;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        upstream.beforeAll(context);
        dataDir = Files.createTempDirectory("parley-test-");
        parley = start(upstream.baseUrl(), dataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (parley != null) {
                parley.close();
                parley = null;
            }
            TestFiles.deleteTree(dataDir);
        } finally {
            upstream.afterAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        upstream.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        upstream.afterEach(context);
    }
}
