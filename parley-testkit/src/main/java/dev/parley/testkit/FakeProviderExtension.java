package dev.parley.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link FakeProvider} for JUnit tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeProviderExtension upstream = new FakeProviderExtension();
 *
 * @Test
 * void retriesOnOverload() {
 *     upstream.fake().enqueue(Fault.overloaded());
 *     ... call the gateway at upstream.baseUrl() ...
 * }
 * }</pre>
 *
 * <p>On a static field the fake starts once for the class and is reset (script and recordings) before each test;
 * on an instance field, or with {@link #perTest()}, every test gets a fresh fake on a fresh port.
 */
public final class FakeProviderExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final FakeProviderConfig config;
    private final boolean perTest;
    private FakeProvider fake;
    private boolean startedForTest;

    public FakeProviderExtension() {
        this(FakeProviderConfig.defaults(), false);
    }

    public FakeProviderExtension(FakeProviderConfig config) {
        this(config, false);
    }

    private FakeProviderExtension(FakeProviderConfig config, boolean perTest) {
        this.config = config;
        this.perTest = perTest;
    }

    /** A fresh fake for every test, even when the extension sits on a static field. */
    public FakeProviderExtension perTest() {
        return new FakeProviderExtension(config, true);
    }

    /** The running fake; only valid inside a test or its lifecycle methods. */
    public FakeProvider fake() {
        if (fake == null) {
            throw new IllegalStateException("the fake provider runs only while a test runs");
        }
        return fake;
    }

    public String baseUrl() {
        return fake().baseUrl();
    }

    /** Shorthand for {@code fake().enqueue(...)}. */
    public FakeProvider enqueue(Answer... answers) {
        return fake().enqueue(answers);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            fake = new FakeProvider(config).start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (fake == null) {
            fake = new FakeProvider(config).start();
            startedForTest = true;
        } else {
            fake.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForTest) {
            stop();
            startedForTest = false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
    }
}
