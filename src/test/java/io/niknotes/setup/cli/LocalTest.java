package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.config.RedisUrl;
import io.niknotes.setup.local.LocalCluster;
import io.niknotes.setup.local.LocalHome;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.Leaks;
import io.niknotes.setup.support.LocalBinaries;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code local} with the real PostgreSQL 16 and Redis binaries, in a private NIKNOTES_HOME: the artifacts come
 * from Maven's own repository (a {@code file:} mirror), where the build put them, and are verified like a download.
 * The steps build on each other (one cluster for the class), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalTest {
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    static int pgPort;
    static int redisPort;
    static DatabaseUrl admin;
    static RedisUrl redis;

    @BeforeAll
    static void ports() {
        LocalBinaries.traversable(home);
        pgPort = TestServers.freePort();
        redisPort = TestServers.freePort();
    }

    @AfterAll
    static void stopEverything() {
        cluster().stop(); // never leave servers behind, whatever failed
    }

    static LocalCluster cluster() {
        return LocalCluster.of(new Environment(env(), work, work, false, false), line -> { });
    }

    static Map<String, String> env() {
        return Map.of("NIKNOTES_HOME", home.toString(), "NIKNOTES_MAVEN_REPOSITORY", LocalBinaries.mavenRepositoryUrl());
    }

    static Cli cli() {
        return new Cli(work).env(env());
    }

    static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + out))
                .substring(prefix.length());
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        p.setProperty("password", url.password());
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    @Test
    @Order(1)
    void firstStartCreatesBothServersAndSkipsATakenPort() throws Exception {
        Cli.Result r;
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), pgPort));
            r = cli().run("local", "start", "--show-passwords", "--port", Integer.toString(pgPort), "--redis-port", Integer.toString(redisPort));
        }
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PostgreSQL 16.10 created and started").contains("Redis 6.2");
        admin = DatabaseUrl.parse(line(r.out(), "NIKNOTES_ADMIN_URL="), "admin");
        redis = RedisUrl.parse(line(r.out(), "REDIS_URL="), "redis");
        assertThat(admin.port()).as("the taken port is skipped").isGreaterThan(pgPort);
        assertThat(admin.host()).isEqualTo("127.0.0.1");
        assertThat(admin.password()).hasSizeGreaterThanOrEqualTo(32);
        try (Connection c = connect(admin); Statement st = c.createStatement()) {
            st.execute("create table trips (id int primary key, name text)");
            st.execute("insert into trips values (1, 'Lofoten ⛺')");
            try (ResultSet rs = st.executeQuery("select current_setting('password_encryption'), current_setting('listen_addresses'), version()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("scram-sha-256");
                assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
                assertThat(rs.getString(3)).startsWith("PostgreSQL 16.10");
            }
        }
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            j.auth(redis.password());
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
            assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", Long.toString(256L * 1024 * 1024));
            assertThat(j.configGet("save")).containsEntry("save", "");
        }
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(j::ping)).as("Redis requires the password").isNotNull();
        }
        Path state = new LocalHome(home).stateFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        assertThat(Files.readString(state, StandardCharsets.ISO_8859_1)).contains(admin.password());
    }

    @Test
    @Order(2)
    void secondStartIsIdempotentAndMasksPasswords() {
        Cli.Result r = cli().run("local", "start");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PostgreSQL 16.10 already running on " + admin.hostAndPort())
                .containsPattern("Redis 6\\.2\\.\\d+ already running on " + java.util.regex.Pattern.quote(redis.hostAndPort()))
                .contains("NIKNOTES_ADMIN_URL=postgresql://postgres:***@" + admin.hostAndPort() + "/postgres");
        assertNoSecrets(r);
    }

    @Test
    @Order(3)
    void statusShowsBothRunningWithoutSecrets() throws Exception {
        Cli.Result text = cli().run("local", "status");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("postgresql").contains("redis").contains("running").contains("postgres:***@");
        assertNoSecrets(text);

        Cli.Result r = cli().run("local", "status", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode st = doc.get("status");
        assertThat(st.get("initialized").asBoolean()).isTrue();
        assertThat(st.get("data_bytes").asLong()).isGreaterThan(10_000_000L);
        assertThat(st.get("servers").get(0).get("name").asText()).isEqualTo("postgresql");
        assertThat(st.get("servers").get(0).get("port").asInt()).isEqualTo(admin.port());
        assertThat(st.get("servers").get(0).get("running").asBoolean()).isTrue();
        assertThat(st.get("servers").get(0).get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(st.get("servers").get(1).get("running").asBoolean()).isTrue();
        assertNoSecrets(r);
    }

    @Test
    @Order(4)
    void stopStopsBothAndStartFindsTheDataAgain() throws Exception {
        Cli.Result stop = cli().run("local", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("stopped PostgreSQL and Redis");
        assertThat(accepts(admin.port())).isFalse();
        assertThat(accepts(redis.port())).isFalse();
        Cli.Result status = cli().run("local", "status");
        assertThat(status.exitCode()).isEqualTo(ExitCode.FAILED.code());
        assertThat(status.out()).contains("stopped");

        Cli.Result start = cli().run("local", "start");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.out()).contains("PostgreSQL 16.10 started on " + admin.hostAndPort());
        assertThat(selectTrip()).isEqualTo("Lofoten ⛺");
    }

    @Test
    @Order(5)
    void startAfterACrashRecovers() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("local/pgdata/postmaster.pid")).get(0).trim());
        long redisPid = Long.parseLong(Files.readString(home.resolve("local/redis/redis.pid")).trim());
        for (long pid : new long[]{postmaster, redisPid}) {
            ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.exists(home.resolve("local/pgdata/postmaster.pid"))).as("a crash leaves the pid file").isTrue();

        Cli.Result r = cli().run("local", "start");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PostgreSQL 16.10 started").containsPattern("Redis 6\\.2\\.\\d+ started");
        assertThat(selectTrip()).isEqualTo("Lofoten ⛺");
    }

    @Test
    @Order(6)
    void destroyRefusesWithoutConfirmationThenDeletesWithYes() {
        Cli.Result refused = cli().run("local", "destroy");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.err()).contains("needs confirmation").contains("--yes");
        assertThat(accepts(admin.port())).as("still running after the refusal").isTrue();
        assertThat(home.resolve("local/pgdata/PG_VERSION")).exists();

        Cli.Result r = cli().run("local", "destroy", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("deleted");
        assertThat(accepts(admin.port())).isFalse();
        assertThat(home.resolve("local/pgdata")).doesNotExist();
        assertThat(home.resolve("postgres-16.10.0/bin")).as("the binaries stay cached").isDirectory();
        Cli.Result status = cli().run("local", "status");
        assertThat(status.exitCode()).isEqualTo(ExitCode.FAILED.code());
        assertThat(status.out()).contains("no private servers");
    }

    @Test
    @Order(7)
    void aCorruptedArtifactIsRefusedBeforeAnythingIsUnpacked(@TempDir Path otherHome) throws Exception {
        Path corrupt = LocalBinaries.corruptCopy(work);
        Cli cli = new Cli(work).env("NIKNOTES_HOME", otherHome.toString());
        Cli.Result r = cli.run("local", "start", "--binaries", corrupt.toString(), "--no-redis");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(r.err()).contains("failed verification").contains("SHA-256").contains("nothing was unpacked");
        assertThat(otherHome.resolve("postgres-16.10.0")).doesNotExist();
        assertThat(otherHome.resolve("cache").resolve(LocalBinaries.postgresJar().getFileName())).doesNotExist();
    }

    private static String selectTrip() throws SQLException {
        try (Connection c = connect(admin); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select name from trips where id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void assertNoSecrets(Cli.Result r) {
        Leaks.assertNoSecrets(r, admin.password(), redis.password());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
