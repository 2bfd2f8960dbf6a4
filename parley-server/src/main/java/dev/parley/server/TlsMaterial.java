package dev.parley.server;

import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ServerTls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A listener's certificate chain and private key as read from their PEM files, checked before they are served: both
 * files parse, and the key is the certificate's (a test signature made with the key verifies with the certificate).
 * Served from these bytes, not from the paths, so that what was checked is what is served.
 *
 * @param digest SHA-256 of both files' bytes, to tell a changed pair from the one being served
 */
record TlsMaterial(Buffer cert, Buffer key, String digest, BigInteger serial, Instant notAfter) {

    private static final byte[] PROBE = "parley: does this key belong to this certificate".getBytes(StandardCharsets.UTF_8);

    /** The two files' bytes as they were read, and their digest. */
    record PemFiles(byte[] cert, byte[] key, String digest) {}

    /** Reads the two files; {@code keyPath} is the configuration's, e.g. {@code server.tls}. Blocks. */
    static PemFiles readFiles(ServerTls tls, String keyPath) {
        byte[] cert = read(tls.cert(), keyPath + ".cert");
        byte[] key = read(tls.key(), keyPath + ".key");
        return new PemFiles(cert, key, digest(cert, key));
    }

    /** Reads and checks the pair; a problem names the key of the file it is in. Blocks. */
    static TlsMaterial load(Vertx vertx, ServerTls tls, String keyPath) {
        return check(vertx, readFiles(tls, keyPath), tls, keyPath);
    }

    static TlsMaterial check(Vertx vertx, PemFiles files, ServerTls tls, String keyPath) {
        List<X509Certificate> chain = certificates(files.cert(), tls.cert(), keyPath + ".cert");
        if (chain.isEmpty()) {
            throw new ConfigException(keyPath + ".cert", "no PEM certificate in " + tls.cert());
        }
        X509Certificate leaf = chain.getFirst();
        PrivateKey key = privateKey(vertx, files, leaf, tls, keyPath);
        if (!belongs(key, leaf.getPublicKey())) {
            throw new ConfigException(keyPath + ".key", "the key in " + tls.key() + " does not belong to the certificate in "
                    + tls.cert());
        }
        return new TlsMaterial(Buffer.buffer(files.cert()), Buffer.buffer(files.key()), files.digest(),
                leaf.getSerialNumber(), leaf.getNotAfter().toInstant());
    }

    PemKeyCertOptions options() {
        return new PemKeyCertOptions().addCertValue(cert).addKeyValue(key);
    }

    /** The X.509 certificates of a PEM text; a text that does not parse names its key. */
    static List<X509Certificate> certificates(byte[] pem, String file, String keyPath) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(keyPath, "no PEM certificate can be read from " + file + " (" + e.getMessage() + ")");
        }
    }

    /** Bytes of a file the configuration names; a missing or unreadable one names its key. Blocks. */
    static byte[] read(String file, String keyPath) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(keyPath, "no such file: " + file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(keyPath, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The key as Vert.x reads it (PKCS#8, or PKCS#1 RSA), found by the leaf's key type. */
    private static PrivateKey privateKey(Vertx vertx, PemFiles files, X509Certificate leaf, ServerTls tls, String keyPath) {
        try {
            KeyManager[] managers = new PemKeyCertOptions().addCertValue(Buffer.buffer(files.cert()))
                    .addKeyValue(Buffer.buffer(files.key())).getKeyManagerFactory(vertx).getKeyManagers();
            X509KeyManager manager = (X509KeyManager) managers[0];
            String[] aliases = manager.getServerAliases(leaf.getPublicKey().getAlgorithm(), null);
            Optional<PrivateKey> key = aliases == null || aliases.length == 0 ? Optional.empty()
                    : Optional.ofNullable(manager.getPrivateKey(aliases[0]));
            return key.orElseThrow(() -> new ConfigException(keyPath + ".key", "no private key of the certificate's type ("
                    + leaf.getPublicKey().getAlgorithm() + ") in " + tls.key()));
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(keyPath + ".key", "no PEM private key can be read from " + tls.key() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean belongs(PrivateKey key, PublicKey certificateKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String digest(byte[] cert, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cert);
            sha.update((byte) 0);
            sha.update(key);
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
