package dev.parley.app;

import java.nio.file.Path;

/**
 * The set-up the admin API's tests share: a fake provider and one Parley in front of it ({@link AdminApiTest#yaml}:
 * the master key, one model, one configured key), with an {@link AdminClient}.
 */
final class AdminParley extends ParleyBehindFake<TestParley> {

    private final String extraYaml;
    private AdminClient admin;

    AdminParley() {
        this("");
    }

    /** A Parley whose configuration also has {@code extraYaml}'s top-level sections (prices, usage, ...). */
    AdminParley(String extraYaml) {
        this.extraYaml = extraYaml;
    }

    @Override
    protected TestParley start(String upstreamBaseUrl, Path dataDir) {
        TestParley parley = TestParley.start(AdminApiTest.yaml(upstreamBaseUrl, dataDir) + extraYaml, dataDir);
        admin = new AdminClient(parley);
        return parley;
    }

    AdminClient admin() {
        parley();
        return admin;
    }
}
