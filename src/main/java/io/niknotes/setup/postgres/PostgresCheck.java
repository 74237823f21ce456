package io.niknotes.setup.postgres;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Settings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Is the PostgreSQL server ready for NikNotes? Reachability, authentication (admin and app user), version,
 * SSL, connection headroom for the app's pool, the tuned settings, pg_stat_statements.
 */
public final class PostgresCheck {
    static final String AREA = "postgres";
    /** The app's SQLAlchemy pool: pool_size 20 + max_overflow 40. */
    public static final int APP_POOL_CONNECTIONS = 60;
    public static final int MIN_VERSION_NUM = 130000;

    private final PostgresConnector connector;

    public PostgresCheck(PostgresConnector connector) {
        this.connector = connector;
    }

    public List<Finding> run(Settings settings) {
        List<Finding> findings = new ArrayList<>();
        DatabaseUrl admin = settings.admin();
        DatabaseUrl app = settings.app();
        boolean adminExplicit = settings.named("NIKNOTES_ADMIN_URL");
        Connection adminConn = null;
        Connection appConn = null;
        try {
            long t0 = System.nanoTime();
            try {
                adminConn = connector.open(admin);
                findings.add(Finding.ok(AREA, "reachable", "server at " + admin.hostAndPort() + " answered in "
                        + millis(t0) + " ms"));
                findings.add(adminPrivileges(adminConn, admin));
            } catch (SetupException e) {
                if (e.exitCode() == ExitCode.CANNOT_CONNECT) {
                    findings.add(Finding.fail(AREA, "reachable", e.getMessage(),
                            aboutSsl(e) ? null : "the server is not running, or the host/port is wrong",
                            e.fix(), ExitCode.CANNOT_CONNECT));
                    findings.add(Finding.skipped(AREA, "server", "not checked: the server is unreachable"));
                    return findings;
                }
                findings.add(Finding.ok(AREA, "reachable", "server at " + admin.hostAndPort() + " answered"));
                Finding f = Finding.fail(AREA, "auth.admin", e.getMessage(), aboutSsl(e) ? null : "wrong or missing admin password",
                        e.fix(), e.exitCode());
                findings.add(adminExplicit ? f : f.asWarning());
            }

            boolean roleExists = true;
            boolean dbExists = true;
            if (adminConn != null) {
                roleExists = exists(adminConn, "select 1 from pg_roles where rolname = ?", app.user());
                dbExists = exists(adminConn, "select 1 from pg_database where datname = ?", app.database());
            }
            if (!roleExists) {
                findings.add(Finding.warn(AREA, "auth.app", "role " + app.user() + " does not exist yet",
                        "the server has not been provisioned for NikNotes", "run `niknotes-setup init`"));
            } else if (!dbExists) {
                findings.add(Finding.warn(AREA, "auth.app", "database " + app.database() + " does not exist yet",
                        "the server has not been provisioned for NikNotes", "run `niknotes-setup init`"));
            } else {
                try {
                    appConn = connector.open(app);
                    findings.add(Finding.ok(AREA, "auth.app", "connected as " + app.user() + " to " + app.database()));
                    if (connector.pooled(app)) findings.add(pooler(settings));
                } catch (SetupException e) {
                    boolean password = e.exitCode() == ExitCode.AUTH_FAILED && !aboutSsl(e) && !e.getMessage().startsWith("no password");
                    findings.add(Finding.fail(AREA, "auth.app", e.getMessage(),
                            password ? "the app user's password does not match" : null,
                            password
                                    ? "set DATABASE_URL (or NIKNOTES_DB_PASSWORD / --password-file) or run `niknotes-setup init --reset-password`"
                                    : e.fix(), e.exitCode()));
                }
            }
            Connection facts = adminConn != null ? adminConn : appConn;
            if (facts == null) {
                findings.add(Finding.skipped(AREA, "server", "not checked: no connection could be opened"));
                return findings;
            }
            serverFacts(facts, findings);
            if (appConn != null) findings.add(copyRecord(appConn));
        } catch (SQLException e) {
            findings.add(Finding.fail(AREA, "query", "a catalog query failed: " + SetupException.firstLine(String.valueOf(e.getMessage())),
                    null, null, ExitCode.FAILED));
        } finally {
            close(adminConn);
            close(appConn);
        }
        return findings;
    }

    /** A copy from SQLite that did not finish leaves tables, indexes and sequences the app cannot run on. */
    static Finding copyRecord(Connection app) throws SQLException {
        UnfinishedCopy unfinished = UnfinishedCopy.read(app);
        return unfinished == null ? Finding.ok(AREA, "copy", "no unfinished copy from SQLite")
                : Finding.fail(AREA, "copy", unfinished.summary(), "a copy was interrupted (kill, power loss, server crash)",
                unfinished.fix(), ExitCode.FAILED);
    }

    /** DATABASE_URL through a pooler: what works through it, and where the steps that need one session go. */
    private static Finding pooler(Settings settings) {
        String found = "DATABASE_URL goes through a connection pooler (transaction pooling assumed): check, stats and the app work "
                + "through it; init, migrate and migrate-from-sqlite need one session";
        return settings.direct() != null ? Finding.info(AREA, "pooler", found + " and use DIRECT_URL (" + settings.direct().redacted() + ")")
                : Finding.warn(AREA, "pooler", found + ", and no DIRECT_URL is given", "a pooler does not keep a session between transactions",
                "set DIRECT_URL (or --direct-url) to the server's own address for them (Supabase: the \"Direct connection\"; Prisma: directUrl)");
    }

    /** SSL refusals carry their own reason and fix (sslmode, sslrootcert): no password or host/port guess. */
    private static boolean aboutSsl(SetupException e) {
        return String.valueOf(e.getMessage()).contains("SSL");
    }

    private Finding adminPrivileges(Connection c, DatabaseUrl admin) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = current_user");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) return Finding.ok(AREA, "auth.admin", "connected as " + admin.user() + " (superuser)");
            if (rs.getBoolean(2) && rs.getBoolean(3)) {
                return Finding.ok(AREA, "auth.admin", "connected as " + admin.user() + " (CREATEDB, CREATEROLE: enough for init)");
            }
            return Finding.warn(AREA, "auth.admin", "connected as " + admin.user() + ", which has neither CREATEDB nor CREATEROLE",
                    "init needs an administrator that can create the database and the app role",
                    "point NIKNOTES_ADMIN_URL at a superuser or a role with CREATEDB and CREATEROLE");
        }
    }

    private void serverFacts(Connection c, List<Finding> findings) throws SQLException {
        int versionNum = Integer.parseInt(scalar(c, "show server_version_num"));
        String version = scalar(c, "show server_version");
        findings.add(versionNum < MIN_VERSION_NUM
                ? Finding.warn(AREA, "version", "PostgreSQL " + version, "versions below 13 are out of support and untested",
                "upgrade to PostgreSQL 16, the version the app runs")
                : Finding.ok(AREA, "version", "PostgreSQL " + version));

        String ssl = scalar(c, "select coalesce((select case when ssl then 'on (' || version || ')' else 'off' end "
                + "from pg_stat_ssl where pid = pg_backend_pid()), 'unknown')");
        findings.add(Finding.info(AREA, "ssl", "SSL " + ssl));

        int max = Integer.parseInt(scalar(c, "show max_connections"));
        int reserved = Integer.parseInt(scalar(c, "show superuser_reserved_connections"));
        int used = Integer.parseInt(scalar(c, "select count(*) from pg_stat_activity where backend_type = 'client backend'"));
        int free = max - reserved - used;
        String found = "max_connections " + max + ", " + used + " in use, " + free + " free for the app's pool of "
                + APP_POOL_CONNECTIONS + " (20 + 40 overflow)";
        findings.add(free >= APP_POOL_CONNECTIONS ? Finding.ok(AREA, "connections", found)
                : Finding.warn(AREA, "connections", found, "a busy app may run out of connections",
                "raise max_connections (ALTER SYSTEM SET max_connections = 100; restart) or lower the app's pool"));

        for (RecommendedSetting r : RecommendedSetting.APP) {
            findings.add(setting(c, r));
        }

        boolean available = !scalar(c, "select count(*) from pg_available_extensions where name = 'pg_stat_statements'").equals("0");
        // pg_settings hides shared_preload_libraries from roles without pg_read_all_settings (a managed service's
        // CREATEDB/CREATEROLE admin): SHOW would fail there, this reads null
        String preload = scalar(c, "select (select setting from pg_settings where name = 'shared_preload_libraries')");
        boolean preloaded = preload != null && preload.contains("pg_stat_statements");
        if (available && preload == null) {
            findings.add(Finding.info(AREA, "pg_stat_statements", "available; whether it is preloaded is hidden from this role"));
        } else if (available && preloaded) {
            findings.add(Finding.ok(AREA, "pg_stat_statements", "available and preloaded (slow-query statistics work)"));
        } else {
            findings.add(Finding.warn(AREA, "pg_stat_statements", available ? "installed but not preloaded" : "not available",
                    "`niknotes-setup stats` cannot list slow queries without it",
                    "set shared_preload_libraries = 'pg_stat_statements', restart, then CREATE EXTENSION pg_stat_statements"));
        }
    }

    private Finding setting(Connection c, RecommendedSetting r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select setting, unit, current_setting(name) from pg_settings where name = ?")) {
            ps.setString(1, r.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Finding.skipped(AREA, "setting." + r.name(), "not known to this server");
                String raw = rs.getString(1);
                String shown = rs.getString(3);
                String check = "setting." + r.name();
                String found = r.name() + " = " + shown + " (recommended " + r.recommended() + ")";
                if ("-1".equals(raw)) return Finding.info(AREA, check, r.name() + " = auto (recommended " + r.recommended() + ")");
                double value = Double.parseDouble(raw) * unitBytes(rs.getString(2));
                double wanted = parseQuantity(r.recommended());
                if (r.satisfiedBy(value, wanted)) return Finding.ok(AREA, check, found);
                return Finding.warn(AREA, check, found, r.direction() == RecommendedSetting.Direction.AT_LEAST ? "lower than the app's compose file sets" : "higher than the app's compose file sets (it assumes SSD storage)",
                        "ALTER SYSTEM SET " + r.name() + " = '" + r.recommended() + "'; then reload (or restart for shared_buffers / wal_buffers)");
            }
        }
    }

    static double unitBytes(String unit) {
        if (unit == null) return 1;
        return switch (unit) {
            case "8kB" -> 8192;
            case "kB" -> 1024;
            case "MB" -> 1024 * 1024;
            case "B" -> 1;
            default -> 1;
        };
    }

    static double parseQuantity(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        if (u.endsWith("GB")) return Double.parseDouble(u.substring(0, u.length() - 2)) * 1024 * 1024 * 1024;
        if (u.endsWith("MB")) return Double.parseDouble(u.substring(0, u.length() - 2)) * 1024 * 1024;
        if (u.endsWith("KB")) return Double.parseDouble(u.substring(0, u.length() - 2)) * 1024;
        return Double.parseDouble(s);
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void close(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection we are done with: nothing to report
        }
    }
}
