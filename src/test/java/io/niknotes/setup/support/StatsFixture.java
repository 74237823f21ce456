package io.niknotes.setup.support;


import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A database of the stats tests' own, owned by a role without superuser, with the app's schema applied by Flyway as
 * that role: what the app's own DATABASE_URL sees in production.
 */
public final class StatsFixture {
    public final String user;
    public final String password;
    public final String database;
    private final TestServers servers;

    public StatsFixture(TestServers servers, String user, String database) {
        this.servers = servers;
        this.user = user;
        this.password = "stats-pw-" + Long.toHexString(System.nanoTime());
        this.database = database;
    }

    /** Drops and recreates the role and the database, then migrates the schema as the role. */
    public StatsFixture create() {
        servers.sql("postgres",
                "drop database if exists " + database + " with (force)",
                "drop role if exists " + user,
                "create role " + user + " login password '" + password + "'",
                "create database " + database + " owner " + user);
        Migrations.apply(appUrl());
        return this;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + servers.pgPort() + "/" + database;
    }

    public String appUrl() {
        return servers.appUrl(user, password, database);
    }

    /** A connection as the app's role. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    public void sql(String... statements) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code sql} {@code times} times with the parameter, index scans forced (seq scans off), then flushes this
     * backend's statistics so that other sessions see them.
     */
    public void lookups(String sql, String parameter, int times, boolean forceIndex) {
        try (Connection c = connect()) {
            try (Statement st = c.createStatement()) {
                if (forceIndex) {
                    st.execute("set enable_seqscan = off");
                    st.execute("set enable_bitmapscan = off");
                } else {
                    st.execute("set enable_indexscan = off");
                    st.execute("set enable_bitmapscan = off");
                    st.execute("set enable_indexonlyscan = off");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < times; i++) {
                    if (parameter != null) ps.setString(1, parameter);
                    ps.executeQuery().close();
                }
            }
            flush(c);
        } catch (SQLException e) {
            throw new IllegalStateException("test lookups failed: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL 15+ buffers statistics per backend: force them out, then one more statement to reach idle. */
    public static void flush(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select pg_stat_force_next_flush()");
            st.execute("select 1");
        }
    }
}
