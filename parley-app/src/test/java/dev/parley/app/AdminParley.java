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
 * The set-up the admin API's tests share, on a static field: one fake provider for the class (reset before each
 * test, as {@link FakeProviderExtension} does) and one Parley in front of it ({@link AdminApiTest#yaml}: the master
 * key, one model, one configured key) on a data folder of its own, with an {@link AdminClient}; started after the
 * fake and closed before it.
 */
final class AdminParley implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final FakeProviderExtension upstream = new FakeProviderExtension();
    private Path dataDir;
    private TestParley parley;
    private AdminClient admin;

    FakeProvider fake() {
        return upstream.fake();
    }

    String baseUrl() {
        return upstream.baseUrl();
    }

    Path dataDir() {
        return running(dataDir);
    }

    TestParley parley() {
        return running(parley);
    }

    AdminClient admin() {
        return running(admin);
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
        dataDir = Files.createTempDirectory("parley-admin-");
        parley = TestParley.start(AdminApiTest.yaml(upstream.baseUrl(), dataDir), dataDir);
        admin = new AdminClient(parley);
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
