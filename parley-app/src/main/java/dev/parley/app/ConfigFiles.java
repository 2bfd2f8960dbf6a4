package dev.parley.app;

import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds and reads the config file: {@code --config}, then {@code PARLEY_CONFIG}, else the embedded defaults. */
final class ConfigFiles {

    static final String ENV = "PARLEY_CONFIG";

    private ConfigFiles() {
    }

    static Optional<Path> locate(Optional<Path> option, Map<String, String> env) {
        return option.or(() -> Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank()).map(Path::of));
    }

    static ParleyConfig load(Optional<Path> file, Map<String, String> env) {
        if (file.isEmpty()) {
            return ConfigLoader.defaults(env);
        }
        return ConfigLoader.parse(read(file.get()), env);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new StartupException("cannot read config file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
