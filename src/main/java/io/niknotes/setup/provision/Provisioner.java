package io.niknotes.setup.provision;

import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.niknotes.setup.postgres.Identifiers.literal;
import static io.niknotes.setup.postgres.Identifiers.quote;

/**
 * The administrator's part of {@code init}: the app role, its database, the ownership of {@code public} and the
 * ACLs. Each method reads the catalog first and runs only what is missing, so a second run changes nothing.
 * With {@code dryRun} the statements are returned and not executed. Passwords appear in the returned statements
 * only as {@code '***'}; what the server receives is a SCRAM verifier, never the cleartext.
 */
public final class Provisioner {
    private final Connection admin;
    private final DatabaseUrl adminUrl;
    private final PostgresConnector connector;
    private final boolean dryRun;

    /** @param admin an autocommit connection of the administrator (to any database) */
    public Provisioner(Connection admin, DatabaseUrl adminUrl, PostgresConnector connector, boolean dryRun) {
        this.admin = admin;
        this.adminUrl = adminUrl;
        this.connector = connector;
        this.dryRun = dryRun;
    }

    /** Who the administrator is and what it may do. */
    public record AdminInfo(String user, boolean superuser, boolean createdb, boolean createrole, int serverVersion) {
        public boolean canProvision() {
            return superuser || (createdb && createrole);
        }
    }

    public AdminInfo inspect() throws SQLException {
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("select current_user, rolsuper, rolcreatedb, rolcreaterole, "
                     + "current_setting('server_version_num')::int from pg_roles where rolname = current_user")) {
            rs.next();
            return new AdminInfo(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getInt(5));
        }
    }

    public boolean roleExists(String role) throws SQLException {
        return exists("select 1 from pg_roles where rolname = ?", role);
    }

    /**
     * The app role: LOGIN, and not superuser, createdb, createrole, replication or bypassrls.
     *
     * @param password the password to set, or null to keep the existing one (only for an existing role)
     */
    public StepResult role(String role, String password) throws SQLException {
        List<String> sql = new ArrayList<>();
        String attrs;
        try (PreparedStatement ps = admin.prepareStatement("select rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, "
                + "rolreplication, rolbypassrls from pg_roles where rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (password == null) throw new IllegalStateException("a new role needs a password");
                    run(sql, "CREATE ROLE " + quote(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + Passwords.MASK,
                            "CREATE ROLE " + quote(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD "
                                    + literal(Passwords.scramVerifier(password)));
                    return StepResult.changed("role", v("created", "would create") + " role " + role + " (LOGIN; not superuser, createdb or createrole; "
                            + "SCRAM password)", sql);
                }
                boolean wrong = rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3) || !rs.getBoolean(4)
                        || rs.getBoolean(5) || rs.getBoolean(6);
                attrs = wrong ? "attributes " + v("corrected", "would be corrected") + " to LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" : null;
                if (wrong) {
                    String alter = "ALTER ROLE " + quote(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
                    run(sql, alter, alter);
                }
            }
        }
        if (password != null) {
            run(sql, "ALTER ROLE " + quote(role) + " PASSWORD " + Passwords.MASK,
                    "ALTER ROLE " + quote(role) + " PASSWORD " + literal(Passwords.scramVerifier(password)));
        }
        String detail = "role " + role + " exists" + (attrs == null ? "" : "; " + attrs)
                + (password == null ? "; password kept (--reset-password to change it)" : "; password " + v("reset", "would be reset"));
        return StepResult.of("role", sql, detail, detail);
    }

    /**
     * A non-superuser administrator (CREATEDB + CREATEROLE, as on managed services) must be able to SET ROLE to
     * the app role to create a database owned by it and to take over {@code public}; PostgreSQL 16 gives the
     * creator of a role only ADMIN on it, so SET and INHERIT are granted here.
     */
    public StepResult delegation(AdminInfo info, String role) throws SQLException {
        if (info.superuser()) return StepResult.skipped("delegation", "not needed: " + info.user() + " is a superuser");
        boolean pg16 = info.serverVersion() >= 160000;
        boolean has = roleExists(role) && exists(pg16
                ? "select 1 where pg_has_role(current_user, ?::regrole, 'SET') and pg_has_role(current_user, ?::regrole, 'USAGE')"
                : "select 1 where pg_has_role(current_user, ?::regrole, 'USAGE') and ? is not null", quote(role), quote(role));
        List<String> sql = new ArrayList<>();
        if (!has) {
            String grant = "GRANT " + quote(role) + " TO " + quote(info.user()) + (pg16 ? " WITH INHERIT TRUE, SET TRUE" : "");
            run(sql, grant, grant);
        }
        return StepResult.of("delegation", sql, info.user() + " may act as " + role,
                v("granted ", "would grant ") + role + " to " + info.user() + " so that it can hand objects to " + role);
    }

    public StepResult database(String database, String role) throws SQLException {
        List<String> sql = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement(
                "select pg_get_userbyid(datdba), pg_encoding_to_char(encoding) from pg_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    String create = "CREATE DATABASE " + quote(database) + " WITH OWNER " + quote(role)
                            + " ENCODING 'UTF8' TEMPLATE template0";
                    run(sql, create, create);
                    return StepResult.changed("database", v("created", "would create") + " database " + database + " (UTF8, owner " + role + ")", sql);
                }
                if (!"UTF8".equals(rs.getString(2))) {
                    return StepResult.fail("database", "database " + database + " exists with encoding " + rs.getString(2)
                            + ", not UTF8", "drop it (after a backup) or choose another --db-name", ExitCode.FAILED);
                }
                if (!role.equals(rs.getString(1))) {
                    String alter = "ALTER DATABASE " + quote(database) + " OWNER TO " + quote(role);
                    run(sql, alter, alter);
                    return StepResult.changed("database", "database " + database + " was owned by " + rs.getString(1)
                            + "; " + v("now", "would be") + " owned by " + role, sql);
                }
            }
        }
        return StepResult.ok("database", "database " + database + " exists (UTF8, owner " + role + ")");
    }

    /** The app role owns {@code public}; PUBLIC may neither create in it nor connect to the database. */
    public StepResult privileges(String database, String role, boolean databaseIsNew) throws SQLException {
        if (dryRun && databaseIsNew) {
            return StepResult.changed("privileges", "would make " + role + " own schema public and revoke what PUBLIC "
                    + "is granted (read from the ACL once the database exists)", List.of(
                    "SET ROLE " + quote(role), "ALTER SCHEMA public OWNER TO " + quote(role),
                    "REVOKE CREATE ON SCHEMA public FROM PUBLIC  -- if the ACL grants it",
                    "REVOKE CONNECT ON DATABASE " + quote(database) + " FROM PUBLIC  -- if the ACL grants it"));
        }
        List<String> sql = new ArrayList<>();
        List<String> done = new ArrayList<>();
        try (Connection c = connector.open(adminUrl.withDatabase(database));
             Statement st = c.createStatement()) {
            st.execute("SET ROLE " + quote(role)); // as the owner: works for a superuser and a delegated admin alike
            String owner = single(c, "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'", null);
            if (owner == null) {
                run(c, sql, "CREATE SCHEMA public AUTHORIZATION " + quote(role));
                done.add(v("created", "would create") + " schema public");
            } else if (!owner.equals(role)) {
                run(c, sql, "ALTER SCHEMA public OWNER TO " + quote(role));
                done.add("schema public " + v("now", "would be") + " owned by " + role + " (was " + owner + ")");
            }
            if (owner != null && single(c, "select 1 from pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a "
                    + "where n.nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE'", null) != null) {
                run(c, sql, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                done.add("PUBLIC " + v("may no longer", "would no longer") + " create in public");
            }
            if (single(c, "select 1 from pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a "
                    + "where d.datname = ? and a.grantee = 0 and a.privilege_type = 'CONNECT'", database) != null) {
                run(c, sql, "REVOKE CONNECT ON DATABASE " + quote(database) + " FROM PUBLIC");
                done.add("PUBLIC " + v("may no longer", "would no longer") + " connect to " + database);
            }
            if (!dryRun) st.execute("RESET ROLE");
        }
        return StepResult.of("privileges", sql, role + " owns schema public; PUBLIC can neither create in it nor connect",
                String.join("; ", done));
    }

    /** The verb for what a step did, or with --dry-run would do. */
    private String v(String done, String wouldDo) {
        return dryRun ? wouldDo : done;
    }

    private void run(List<String> log, String shown, String real) throws SQLException {
        log.add(shown);
        if (dryRun) return;
        try (Statement st = admin.createStatement()) {
            st.execute(real);
        }
    }

    private void run(Connection c, List<String> log, String sql) throws SQLException {
        log.add(sql);
        if (dryRun) return;
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private boolean exists(String query, String... args) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String single(Connection c, String query, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            if (arg != null) ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** A catalog or DDL error as a step failure the user can act on (the statement's text may hold no secret). */
    public static SetupException failure(String step, SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
        String fix = "42501".equals(e.getSQLState())
                ? "the administrator lacks a privilege: use a superuser, or a role with CREATEDB and CREATEROLE"
                : "see the PostgreSQL error above; run again with --verbose for details";
        return new SetupException(ExitCode.FAILED, step + " failed: " + SetupException.firstLine(e.getMessage()) + state, fix, e);
    }
}
