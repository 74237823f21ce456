package io.niknotes.setup.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 16 and one real Redis for the whole test JVM, started on free ports with password
 * authentication on (SCRAM for PostgreSQL, requirepass for Redis). Nothing here depends on servers already
 * running on the machine. Stopped by a shutdown hook.
 */
public final class TestServers {
    public static final String PG_SUPERUSER_PASSWORD = "pg-Sup3r-s3cret-" + Long.toHexString(System.nanoTime());
    public static final String REDIS_PASSWORD = "redis-s3cret-" + Long.toHexString(System.nanoTime());

    private static TestServers instance;

    private final EmbeddedPostgres postgres;
    private final OwnRedis redis;
    private final AtomicInteger redisDatabases = new AtomicInteger();

    private TestServers() throws IOException, SQLException {
        Path data = Files.createTempDirectory("niknotes-test-pg");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter role postgres password '" + PG_SUPERUSER_PASSWORD + "'");
        }
        // from now on every connection, even local ones, must authenticate with a password
        Files.writeString(data.resolve("pg_hba.conf"),
                "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("select pg_reload_conf()");
        }
        redis = OwnRedis.start();
    }

    public static synchronized TestServers get() {
        if (instance == null) {
            try {
                instance = new TestServers();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            TestServers started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return instance;
    }

    private void stop() {
        try {
            redis.close();
        } catch (UncheckedIOException ignored) {
            // the JVM is exiting
        }
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    public int pgPort() {
        return postgres.getPort();
    }

    public int redisPort() {
        return redis.port();
    }

    public String adminUrl() {
        return "postgresql://postgres:" + PG_SUPERUSER_PASSWORD + "@127.0.0.1:" + pgPort() + "/postgres";
    }

    public String adminUrlWithoutPassword() {
        return "postgresql://postgres@127.0.0.1:" + pgPort() + "/postgres";
    }

    public String redisUrl() {
        return redisUrl(0);
    }

    public String redisUrl(int database) {
        return redis.url(database);
    }

    /**
     * A Redis database (1..63) no other test of this JVM was given, emptied: for a test that counts or flushes keys.
     * Database 0 is the default of the tool and of tests that only need Redis to answer.
     */
    public int ownRedisDatabase() {
        int n = redisDatabases.incrementAndGet();
        if (n >= OwnRedis.DATABASES) throw new IllegalStateException("more tests asked for their own Redis database than OwnRedis.DATABASES");
        try (Jedis j = redis.client(n)) {
            j.flushDB();
        }
        return n;
    }

    /** The tool as a user runs it in {@code dir}, with these servers' admin URL and Redis URL set (DATABASE_URL is the test's). */
    public Cli cli(Path dir) {
        return new Cli(dir).env("NIKNOTES_ADMIN_URL", adminUrl()).env("REDIS_URL", redisUrl());
    }

    public String appUrl(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + pgPort() + "/" + database;
    }

    /**
     * An empty database {@code name} owned by a login role of the same name with this password (and owning schema
     * public), as init leaves it before the migrations; dropped first if an earlier run left it.
     */
    public String ownedDatabase(String name, String password) {
        sql("postgres", "drop database if exists " + name + " with (force)", "drop role if exists " + name,
                "create role " + name + " login password '" + password + "'", "create database " + name + " owner " + name);
        sql(name, "alter schema public owner to " + name);
        return name;
    }

    /** A superuser connection to the given database, for arranging and asserting state. */
    public Connection superuser(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", PG_SUPERUSER_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort() + "/" + database, p);
    }

    /** Runs statements as the superuser (each on its own, outside a transaction). */
    public void sql(String database, String... statements) {
        try (Connection c = superuser(database); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException("test setup SQL failed: " + e.getMessage(), e);
        }
    }

    /** A TCP port on which nothing listens (bound, then released). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
