package io.niknotes.setup.support;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * A throw-away certificate authority and a server certificate it signed for {@code localhost} and
 * {@code 127.0.0.1}, written as PEM files (what PostgreSQL and redis-server read) and a PKCS12 truststore
 * holding the CA (what a JVM reads). Nothing is installed anywhere; each instance is a fresh, unrelated CA.
 */
public final class TestTls {
    public static final String TRUSTSTORE_PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    private final Path caCert;
    private final Path serverCert;
    private final Path serverKey;
    private final Path trustStore;

    private TestTls(Path dir, List<String> names) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofHours(1)));
        Date until = Date.from(now.plus(Duration.ofDays(2)));

        KeyPair ca = keyPair();
        X500Name caName = new X500Name("CN=niknotes-setup test CA " + Long.toHexString(System.nanoTime()));
        X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, until, caName, ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCertificate = sign(caBuilder, ca);

        KeyPair server = keyPair();
        X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, until,
                new X500Name("CN=" + names.get(0)), server.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                        .map(n -> new GeneralName(n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new)));
        X509Certificate serverCertificate = sign(serverBuilder, ca);

        caCert = dir.resolve("ca.crt");
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        trustStore = dir.resolve("truststore.p12");
        Files.writeString(caCert, pem("CERTIFICATE", caCertificate.getEncoded()));
        Files.writeString(serverCert, pem("CERTIFICATE", serverCertificate.getEncoded()));
        Files.writeString(serverKey, pem("PRIVATE KEY", server.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(serverKey, PosixFilePermissions.fromString("rw-------")); // PostgreSQL refuses anything looser

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("niknotes-test-ca", caCertificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
    }

    /** A fresh CA and a server certificate for localhost and 127.0.0.1, written under {@code dir}. */
    public static TestTls create(Path dir) {
        return create(dir, List.of("localhost", "127.0.0.1"));
    }

    /** A fresh CA and a server certificate for exactly these host names / IPv4 addresses, written under {@code dir}. */
    public static TestTls create(Path dir, List<String> names) {
        try {
            Files.createDirectories(dir);
            return new TestTls(dir, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    /** The CA certificate (PEM): what {@code sslrootcert} points at. */
    public Path caCert() {
        return caCert;
    }

    /** The server certificate (PEM), signed by {@link #caCert()}. */
    public Path serverCert() {
        return serverCert;
    }

    /** The server's private key (PKCS#8 PEM, mode 0600). */
    public Path serverKey() {
        return serverKey;
    }

    /** A PKCS12 truststore holding only the CA, password {@link #TRUSTSTORE_PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    /** Removes the files written (the directory too, when nothing else is in it). */
    public void delete() {
        try {
            for (Path p : List.of(caCert, serverCert, serverKey, trustStore)) Files.deleteIfExists(p);
            try (var rest = Files.list(caCert.getParent())) {
                if (rest.findAny().isEmpty()) Files.delete(caCert.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options that make a JVM trust this CA (and only it). */
    public String javaOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + TRUSTSTORE_PASSWORD
                + " -Djavax.net.ssl.trustStoreType=PKCS12";
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(System.nanoTime()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
