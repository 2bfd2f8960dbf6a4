package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley config validate FILE}: exit code and message, as an operator sees them. */
class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void aGoodFileIsSummarized() throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, """
                providers: [{name: local, type: openai-compatible, base_url: "http://127.0.0.1:8000/v1"}]
                models: [{name: llama, routes: [{provider: local, model: llama-3}]}]
                """);

        CliResult result = run("config", "validate", file.toString());

        assertThat(result.code).isZero();
        assertThat(result.out).contains("is valid: 1 providers, 1 models, 0 keys");
    }

    @Test
    void aBadFileNamesTheKeyAndFails() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "providers:\n  - {name: x, type: openai, bse_url: \"http://h\"}\n");

        CliResult result = run("config", "validate", file.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("providers[0].bse_url: unknown key");
    }

    @Test
    void theFilesTheConfigurationNamesAreCheckedToo() throws Exception {
        Path file = dir.resolve("tls.yaml");
        Files.writeString(file, "server: {tls: {cert: \"%s\", key: \"%s\"}}\n".formatted(dir.resolve("cert.pem"),
                dir.resolve("key.pem")));

        CliResult result = run("config", "validate", file.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("server.tls.cert: no such file");
    }

    private static CliResult run(String... args) {
        return CliResult.run(System.getenv(), args);
    }
}
