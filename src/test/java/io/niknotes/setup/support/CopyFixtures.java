package io.niknotes.setup.support;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For the copy tests: a fresh database per test owned by the app role with the schema applied by Flyway from
 * {@code migrations/}, and SQLite files built from the sample with traps added.
 */
public final class CopyFixtures {
    public static final String ROLE = "copy_app";
    public static final String PASSWORD = "copy-pw-K9x-" + Long.toHexString(System.nanoTime());
    public static final Path SAMPLE = Path.of("src/test/resources/sample-niknotes.db");
    private static final AtomicInteger SEQ = new AtomicInteger();

    private CopyFixtures() {
    }

    /** A new database owned by the app role, with the migrations applied as that role. */
    public static String newDatabase(String prefix) {
        TestServers servers = TestServers.get();
        String db = prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        servers.sql("postgres",
                "do $$ begin if not exists (select from pg_roles where rolname = '" + ROLE + "') then create role " + ROLE
                        + " login password '" + PASSWORD + "'; end if; end $$",
                "drop database if exists " + db,
                "create database " + db + " owner " + ROLE);
        Migrations.apply(appUrl(db));
        return db;
    }

    public static String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + TestServers.get().pgPort() + "/" + db;
    }

    public static String appUrl(String db) {
        return TestServers.get().appUrl(ROLE, PASSWORD, db);
    }

    public static Connection app(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), ROLE, PASSWORD);
    }

    public static Cli cli(Path dir, String db) {
        return TestServers.get().cli(dir).env("DATABASE_URL", appUrl(db));
    }

    /** A copy of the sample file, to add traps to. */
    public static Path sampleCopy(Path dir, String name) {
        try {
            Path p = dir.resolve(name);
            Files.copy(SAMPLE, p, StandardCopyOption.REPLACE_EXISTING);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements on a SQLite file (created when absent). */
    public static void sqlite(Path file, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite fixture failed: " + e.getMessage(), e);
        }
    }

    /** Inserts one row with raw bytes for one column (for invalid UTF-8 stored as TEXT). */
    public static void sqliteBytes(Path file, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite fixture failed: " + e.getMessage(), e);
        }
    }

    /** A trigger that changes what COPY inserts (packing item 'Leggings' is stored upper-cased): a verification mismatch. */
    public static void storeSomethingElse(String db) {
        try (Connection c = app(db); Statement st = c.createStatement()) {
            st.execute("create function shout() returns trigger language plpgsql as $$ begin"
                    + " if new.name = 'Leggings' then new.name := upper(new.name); end if; return new; end $$");
            st.execute("create trigger shout before insert on packing_items for each row execute function shout()");
        } catch (SQLException e) {
            throw new IllegalStateException("test setup SQL failed: " + e.getMessage(), e);
        }
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String db, String sql) {
        try (Connection c = app(db); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long countSqlite(Path file, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
