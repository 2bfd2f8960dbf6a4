package dev.parley.app;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test run with Debian's {@code openssl}: P-256 keys, leaf certificates for
 * chosen names, valid or already expired, each with a serial the test knows.
 */
final class TestCa {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    final Path dir;
    final Path cert;
    private final Path key;

    /** A leaf's chain file (leaf then authority), its key file and its serial. */
    record Leaf(Path cert, Path key, BigInteger serial) {}

    private TestCa(Path dir, Path cert, Path key) {
        this.dir = dir;
        this.cert = cert;
        this.key = key;
    }

    static TestCa create(Path dir, String name) {
        Path cert = dir.resolve(name + "-ca.pem");
        Path key = dir.resolve(name + "-ca.key");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + name + " test authority",
                "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new TestCa(dir, cert, key);
    }

    /** A leaf for {@code localhost} and {@code 127.0.0.1}, valid for 30 days. */
    Leaf localhost(String name) {
        return leaf(name, "DNS:localhost,IP:127.0.0.1", 30);
    }

    /**
     * A leaf for the names of {@code subjectAltName}; {@code days} may be negative, for a certificate whose
     * validity ended before the test began.
     */
    Leaf leaf(String name, String subjectAltName, int days) {
        return leaf(name, subjectAltName, days, List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
    }

    /** A leaf for {@code localhost} and {@code 127.0.0.1} with a 2048-bit RSA key. */
    Leaf rsaLocalhost(String name) {
        return leaf(name, "DNS:localhost,IP:127.0.0.1", 30, List.of("-newkey", "rsa:2048"));
    }

    private Leaf leaf(String name, String subjectAltName, int days, List<String> newKey) {
        Path leafKey = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        Path leafCert = dir.resolve(name + ".leaf.pem");
        Path extensions = dir.resolve(name + ".ext");
        BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
        write(extensions, "subjectAltName=" + subjectAltName + "\nextendedKeyUsage=serverAuth\n");
        List<String> req = new ArrayList<>(List.of("req"));
        req.addAll(newKey);
        req.addAll(List.of("-nodes", "-keyout", leafKey.toString(), "-out", request.toString(), "-subj", "/CN=" + name));
        openssl(dir, req.toArray(String[]::new));
        openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", cert.toString(), "-CAkey", key.toString(),
                "-set_serial", serial.toString(), "-days", Integer.toString(days), "-extfile", extensions.toString(),
                "-out", leafCert.toString());
        Path chain = dir.resolve(name + ".pem");
        write(chain, read(leafCert) + read(cert));
        return new Leaf(chain, leafKey, serial);
    }

    /** A client context that trusts this authority only. */
    SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(cert));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts {@code from}'s files where {@code to}'s are, each by an atomic rename, the key first. */
    static void install(Leaf from, Leaf to) {
        try {
            Path key = Files.copy(from.key(), to.key().resolveSibling(to.key().getFileName() + ".new"),
                    StandardCopyOption.REPLACE_EXISTING);
            Path cert = Files.copy(from.cert(), to.cert().resolveSibling(to.cert().getFileName() + ".new"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(key, to.key(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(cert, to.cert(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(Path pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code openssl} with input from /dev/null; its exit code and what it printed. */
    static Run run(Path dir, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(new File("/dev/null")).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + command);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Run(int exitCode, String output) {}

    private static void openssl(Path dir, String... arguments) {
        Run run = run(dir, arguments);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + run.output());
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
