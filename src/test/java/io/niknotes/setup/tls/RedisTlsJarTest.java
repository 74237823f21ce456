package io.niknotes.setup.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import io.niknotes.setup.support.TestTls;
import io.niknotes.setup.support.TlsRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar against a TLS-only Redis whose certificate a private CA signed: trusted through
 * {@code -Djavax.net.ssl.trustStore} (what NIKNOTES_JAVA_OPTS passes to the JVM), a real TLS handshake from Jedis.
 */
@Tag("jar")
class RedisTlsJarTest {
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

    private ShadedJar.Run run(List<String> jvmOptions, String... args) throws Exception {
        return run(redis, jvmOptions, args);
    }

    private ShadedJar.Run run(TlsRedis redis, List<String> jvmOptions, String... args) throws Exception {
        ShadedJar.Run r = ShadedJar.run(dir, jvmOptions, Map.of("NIKNOTES_ADMIN_URL", servers.adminUrl(), "DATABASE_URL", servers.adminUrl(),
                "REDIS_URL", redis.url(), "NO_COLOR", "1"), Duration.ofSeconds(90), args);
        assertThat(r.all()).doesNotContain(TlsRedis.PASSWORD).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD)
                .doesNotContain(TestTls.TRUSTSTORE_PASSWORD);
        return r;
    }

    private List<String> trusting() {
        return trusting(redis);
    }

    private static List<String> trusting(TlsRedis redis) {
        return List.of("-Djavax.net.ssl.trustStore=" + redis.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + TestTls.TRUSTSTORE_PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    @Test
    void checkReachesRedisOverTlsWhenTheJvmTrustsTheCa() throws Exception {
        ShadedJar.Run r = run(trusting(), "check", "--require-redis");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("reachable +server at 127\\.0\\.0\\.1:" + redis.port() + " \\(TLS\\)");
    }

    @Test
    void statsReadsRedisOverTlsAsJson() throws Exception {
        ShadedJar.Run r = run(trusting(), "stats", "--json", "--require-redis");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.at("/redis/available").asBoolean()).as(r.out()).isTrue();
    }

    @Test
    void withoutTheTruststoreTheJarExplainsHowToTrustTheCa() throws Exception {
        ShadedJar.Run r = run(List.of(), "check", "--require-redis", "--connect-timeout", "5");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
        assertThat(r.out()).contains("is not trusted").contains("NIKNOTES_JAVA_OPTS=");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefusedNamingTheHost() throws Exception {
        TlsRedis misnamed = TlsRedis.start(List.of("redis.example.invalid"));
        try {
            ShadedJar.Run r = run(misnamed, trusting(misnamed), "check", "--require-redis", "--connect-timeout", "5");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.CANNOT_CONNECT.code());
            assertThat(r.out()).contains("TLS certificate of Redis at 127.0.0.1:" + misnamed.port() + " does not name the host 127.0.0.1")
                    .doesNotContain("is not trusted");
            assertThat(r.all()).doesNotContain(TlsRedis.PASSWORD).doesNotContain("\tat ");
        } finally {
            misnamed.stop();
        }
    }
}
