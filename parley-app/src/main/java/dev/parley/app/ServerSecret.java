package dev.parley.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server secret under which virtual keys are hashed (and, later, provider keys encrypted): from
 * {@code PARLEY_SECRET} when set, otherwise a random one created once in the data folder with owner-only access.
 * Replicas that share a database must share this secret.
 */
final class ServerSecret {

    static final String ENV = "PARLEY_SECRET";
    static final String FILE = "secret.key";

    private ServerSecret() {
    }

    static byte[] load(Path dataDir, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv.trim());
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file).trim());
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createDirectories(dataDir);
            Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the folder's own permissions must protect it.
            }
            return secret;
        } catch (IOException e) {
            throw new StartupException("cannot read or create the server secret " + file + ": " + e.getMessage());
        }
    }

    /**
     * The ways the secret may be written down (as given, hex, base64), for the redaction to blank out wherever one
     * would be written.
     */
    static List<String> texts(byte[] secret, Map<String, String> env) {
        List<String> texts = new ArrayList<>(List.of(HexFormat.of().formatHex(secret),
                HexFormat.of().withUpperCase().formatHex(secret), Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
        Optional.ofNullable(env.get(ENV)).map(String::trim).filter(t -> !t.isEmpty()).ifPresent(texts::add);
        return texts;
    }

    /** Hex (64+ characters) or base64 of at least 32 bytes; a passphrase is refused rather than stretched. */
    static byte[] decode(String text) {
        byte[] bytes;
        try {
            bytes = text.matches("[0-9a-fA-F]+") && text.length() % 2 == 0
                    ? HexFormat.of().parseHex(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new StartupException(ENV + " must be hex or base64 of at least 32 random bytes");
        }
        if (bytes.length < 32) {
            throw new StartupException(ENV + " must hold at least 32 bytes (64 hex characters); it holds " + bytes.length);
        }
        return bytes;
    }
}
