package io.niknotes.setup.drift;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.schema.SchemaMigrator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Has the app's schema drifted from what the migrations build? The expected schema is built for real: the migrations
 * are applied by Flyway, as {@code migrate} applies them, into a scratch schema of the same database (named after the
 * backend that reads it, dropped at the end), and both catalogs are read and compared. Runs as the app role, which owns
 * its database and so may create the scratch schema.
 */
public final class SchemaDrift {
    static final String SCRATCH_PREFIX = "niknotes_drift_";
    static final String LOCK_TIMEOUT = "SET lock_timeout = '30s'";

    private final DatabaseUrl app;
    private final PostgresConnector connector;
    private final SchemaMigrator migrator;

    public SchemaDrift(DatabaseUrl app, PostgresConnector connector, SchemaMigrator migrator) {
        this.app = app;
        this.connector = connector;
        this.migrator = migrator;
    }

    public DriftReport compare() {
        long t0 = System.nanoTime();
        try (Connection c = connector.open(app)) {
            CatalogReader reader = new CatalogReader(c);
            String schema = reader.currentSchema();
            if (schema == null) {
                throw new SetupException(ExitCode.FAILED, "the app role " + app.user() + " has no schema on its search_path in " + app.database(),
                        "create the schema or fix the role's search_path (ALTER ROLE " + app.user() + " SET search_path = public)");
            }
            if (!mayCreateSchema(c)) {
                throw new SetupException(ExitCode.FAILED, app.user() + " may not create a schema in " + app.database() + ": the expected schema "
                        + "is built in a scratch schema there (and dropped)", "GRANT CREATE ON DATABASE " + CatalogReader.quote(app.database())
                        + " TO " + CatalogReader.quote(app.user()) + " (init makes the app role the database's owner), or use the owner in DATABASE_URL");
            }
            String scratch = SCRATCH_PREFIX + backendPid(c);
            dropAbandonedScratch(c);
            SchemaSnapshot expected;
            long built;
            refuseOldTransactions(c);
            try {
                build(scratch);
                built = System.nanoTime();
                expected = reader.read(scratch);
            } finally {
                drop(c, scratch);
            }
            SchemaSnapshot live = reader.read(schema);
            return new DriftReport(app.database(), schema, migrator.location(), SchemaComparison.compare(expected, live),
                    counts(expected), (built - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, app);
        }
    }

    /** What {@code migrate repair-schema} did: the comparison before, the statements run, and the comparison after. */
    public record Repair(DriftReport before, List<String> statements, DriftReport after) {
        /** The {@code repair-schema} step: nothing to do, what it would run, what it ran, or what still differs. */
        public StepResult step() {
            if (!before.failed()) return StepResult.ok("repair-schema", "no drift from the migrations: nothing to repair");
            if (after == null) {
                return StepResult.changed("repair-schema", "would repair " + before.differences(), statements);
            }
            if (after.failed()) {
                return StepResult.fail("repair-schema", "ran " + statements.size() + " statements; still " + after.differences(),
                        "see the caveats in `niknotes-setup check --schema`: what is left cannot be repaired without losing data "
                                + "or needs a decision", ExitCode.SCHEMA_DRIFT).withStatements(statements);
            }
            return StepResult.changed("repair-schema", "repaired " + before.differences(), statements);
        }
    }

    /** Runs the repair SQL of every difference, one statement at a time (CONCURRENTLY needs autocommit), then compares again. */
    public Repair repair(boolean dryRun) {
        DriftReport before = compare();
        List<String> sql = before.repairSql();
        if (dryRun || sql.isEmpty()) return new Repair(before, sql, null);
        try (Connection c = connector.open(app); Statement st = c.createStatement()) {
            for (String s : sql) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new SetupException(ExitCode.FAILED, "repair-schema stopped at `" + s + "`: " + SetupException.firstLine(e.getMessage())
                            + " (the statements before it ran and stay)", "fix the cause (see the caveat of that difference in "
                            + "`niknotes-setup check --schema`), then run `niknotes-setup migrate repair-schema` again", e);
                }
            }
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, app);
        }
        return new Repair(before, sql, compare());
    }

    /**
     * The scratch build's concurrent index builds wait for every transaction of this database older than them (as
     * {@code migrate}'s do), up to the migrations' lock_timeout: one that has been open a while is named at once instead.
     * Only sessions this role may see are found; another one shows as the lock timeout below.
     */
    private void refuseOldTransactions(Connection c) throws SQLException {
        List<String> old = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pid, usename, coalesce(application_name, ''), state, "
                + "extract(epoch from now() - xact_start)::bigint from pg_stat_activity where datname = current_database() "
                + "and pid <> pg_backend_pid() and backend_xmin is not null and xact_start < now() - interval '5 seconds' order by xact_start")) {
            while (rs.next()) {
                old.add("pid " + rs.getInt(1) + " (" + rs.getString(2) + (rs.getString(3).isEmpty() ? "" : ", " + rs.getString(3)) + ", "
                        + rs.getString(4) + ", open " + rs.getLong(5) + " s)");
            }
        }
        if (!old.isEmpty()) throw oldTransactions(String.join(", ", old), null);
    }

    private SetupException oldTransactions(String which, Throwable cause) {
        return new SetupException(ExitCode.FAILED, "a transaction in " + app.database() + " is older than the comparison: " + which
                + "; the expected schema's concurrent index builds would wait for it", "run it again once that transaction ends "
                + "(or end it: SELECT pg_terminate_backend(pid)); the app's own transactions are short", cause);
    }

    /** Applies the migrations into the scratch schema; a failure is about the comparison, not about `migrate`. */
    private void build(String scratch) {
        try {
            migrator.migrateInto(scratch);
        } catch (SetupException e) {
            if (String.valueOf(e.getMessage()).contains("55P03")) throw oldTransactions("one this role cannot see (a lock timeout)", e);
            throw new SetupException(e.exitCode(), "building the expected schema from " + migrator.location() + " failed: " + e.getMessage(),
                    "`niknotes-setup migrate --dry-run --migrations DIR` shows the statements; fix the migration files", e);
        }
    }

    private static boolean mayCreateSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select has_database_privilege(current_database(), 'CREATE')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Scratch schemas of runs that were killed: their backend is gone. Only those this role owns are dropped. */
    private static void dropAbandonedScratch(Connection c) throws SQLException {
        List<String> abandoned = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select nspname from pg_namespace where nspname like ? "
                + "and pg_has_role(nspowner, 'USAGE') and substr(nspname, ?) not in (select pid::text from pg_stat_activity)")) {
            ps.setString(1, SCRATCH_PREFIX.replace("_", "\\_") + "%");
            ps.setInt(2, SCRATCH_PREFIX.length() + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) abandoned.add(rs.getString(1));
            }
        }
        for (String s : abandoned) drop(c, s);
    }

    private static void drop(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + CatalogReader.quote(schema) + " CASCADE");
        }
    }

    private static DriftReport.Counts counts(SchemaSnapshot s) {
        return new DriftReport.Counts(s.tables().size(), s.tables().values().stream().mapToInt(t -> t.columns().size()).sum(),
                s.enums().size(), s.constraints().size(), s.indexes().size(), s.history() == null ? 0 : s.history().size());
    }
}
