package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

        Result result = run("config", "validate", file.toString());

        assertThat(result.code).isZero();
        assertThat(result.out).contains("is valid: 1 providers, 1 models, 0 keys");
    }

    @Test
    void aBadFileNamesTheKeyAndFails() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "providers:\n  - {name: x, type: openai, bse_url: \"http://h\"}\n");

        Result result = run("config", "validate", file.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("providers[0].bse_url: unknown key");
    }

    @Test
    void theFilesTheConfigurationNamesAreCheckedToo() throws Exception {
        Path file = dir.resolve("tls.yaml");
        Files.writeString(file, "server: {tls: {cert: \"%s\", key: \"%s\"}}\n".formatted(dir.resolve("cert.pem"),
                dir.resolve("key.pem")));

        Result result = run("config", "validate", file.toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("server.tls.cert: no such file");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
