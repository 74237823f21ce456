package io.niknotes.setup.tls;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.TestServers;
import io.niknotes.setup.support.TlsRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rediss://} in-process, where this JVM trusts only the JDK's CAs: a private CA's certificate must be
 * refused with a clear message (the trusted path runs in {@code RedisTlsJarTest}, a JVM given the truststore).
 */
class RedisTlsTest {
    static TlsRedis redis;
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        servers = TestServers.get();
        redis = TlsRedis.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) redis.stop();
    }

    private Cli cli(String redisUrl) {
        return servers.cli(dir).env("DATABASE_URL", servers.adminUrl()).env("REDIS_URL", redisUrl);
    }

    private static void assertNoSecrets(Cli.Result r) {
        Leaks.assertNoSecrets(r, TlsRedis.PASSWORD);
        Leaks.assertNoStackTrace(r);
    }

    @Test
    void anUntrustedCertificateIsCannotConnectAndTheFixSaysHowToTrustTheCa() {
        Cli.Result r = cli(redis.url()).run("check", "--require-redis", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("TLS certificate of Redis at 127.0.0.1:" + redis.port() + " is not trusted")
                .contains("NIKNOTES_JAVA_OPTS=").contains("-Djavax.net.ssl.trustStore=");
        assertNoSecrets(r);
    }

    @Test
    void anUntrustedCertificateIsOnlyAWarningWhenRedisIsOptional() {
        Cli.Result r = cli(redis.url()).run("check", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("is not trusted");
        assertNoSecrets(r);
    }

    @Test
    void redissAgainstAPlainRedisTimesOutInTheHandshakeAndTheFixNamesTheScheme() {
        // a plain Redis reads the TLS ClientHello as the start of an inline command and waits for its end
        String plainAsTls = servers.redisUrl().replace("redis://", "rediss://");
        Cli.Result r = cli(plainAsTls).run("check", "--require-redis", "--connect-timeout", "2");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("cannot connect to Redis at 127.0.0.1:" + servers.redisPort())
                .contains("redis:// if the server does not speak TLS");
        assertNoSecrets(r);
    }

    @Test
    void redisAgainstTheTlsPortSuggestsRediss() {
        String tlsAsPlain = redis.url().replace("rediss://", "redis://");
        Cli.Result r = cli(tlsAsPlain).run("check", "--require-redis", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("cannot connect to Redis at 127.0.0.1:" + redis.port()).contains("rediss://");
        assertNoSecrets(r);
    }

    @Test
    void aServerAnsweringWithoutTlsIsAFailedHandshakeNamingTheScheme() throws Exception {
        try (ServerSocket notTls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = notTls.accept()) {
                    s.getOutputStream().write("-ERR this port does not speak TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[4096]);
                } catch (IOException ignored) {
                    // the client went away
                }
            });
            answer.setDaemon(true);
            answer.start();
            Cli.Result r = cli("rediss://:" + TlsRedis.PASSWORD + "@127.0.0.1:" + notTls.getLocalPort() + "/0")
                    .run("check", "--require-redis", "--connect-timeout", "5");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
            assertThat(r.out()).contains("TLS handshake with Redis at 127.0.0.1:" + notTls.getLocalPort() + " failed")
                    .contains("use redis:// if that port does not speak TLS");
            assertNoSecrets(r);
        }
    }
}
