package io.niknotes.setup.schema;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.postgres.Identifiers;
import io.niknotes.setup.outcome.StepResult;
import org.flywaydb.core.api.MigrationInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The performance indexes after the fact: INVALID ones left by a failed concurrent build (found, and rebuilt with
 * {@code REINDEX INDEX CONCURRENTLY}), and the rollback of the index migrations ({@code undo-indexes}). Runs as the
 * app role, which owns the tables and so their indexes.
 */
public final class IndexMaintenance {
    static final String LOCK_TIMEOUT = "SET lock_timeout = '30s'";
    private final DatabaseUrl app;
    private final PostgresConnector connector;

    public IndexMaintenance(DatabaseUrl app, PostgresConnector connector) {
        this.app = app;
        this.connector = connector;
    }

    /** INVALID indexes in the app's schema. */
    public List<String> invalid() {
        try (Connection c = connector.open(app);
             PreparedStatement ps = c.prepareStatement("select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid "
                     + "join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and not i.indisvalid order by 1");
             ResultSet rs = ps.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) names.add(rs.getString(1));
            return names;
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, app);
        }
    }

    /** The "indexes" step of init and migrate: all valid, or which are not and how to fix it. */
    public StepResult check() {
        List<String> bad = invalid();
        if (bad.isEmpty()) return StepResult.ok("indexes", "no INVALID index in " + app.database());
        return StepResult.fail("indexes", "INVALID indexes (a concurrent build failed): " + String.join(", ", bad),
                "run `niknotes-setup migrate repair-indexes` (it rebuilds them without blocking writes)", ExitCode.FAILED);
    }

    /**
     * Rebuilds every INVALID index (leftovers of a failed REINDEX CONCURRENTLY, *_ccnew and *_ccold, are dropped) and
     * forgets index migrations Flyway recorded as failed, so that the next {@code migrate} runs them again (their
     * {@code IF NOT EXISTS} skips what was built).
     */
    public StepResult repair(boolean dryRun) {
        List<String> bad = invalid();
        List<String> failed = failedMigrations();
        if (bad.isEmpty() && failed.isEmpty()) {
            return StepResult.ok("repair-indexes", "no INVALID index and no failed migration in " + app.database() + ": nothing to repair");
        }
        List<String> sql = new ArrayList<>();
        sql.add(LOCK_TIMEOUT);
        for (String name : bad) {
            sql.add(name.matches(".*_cc(new|old)[0-9]*") ? "DROP INDEX CONCURRENTLY IF EXISTS " + Identifiers.quote(name)
                    : "REINDEX INDEX CONCURRENTLY " + Identifiers.quote(name));
        }
        if (!failed.isEmpty()) sql.add("DELETE FROM flyway_schema_history WHERE NOT success");
        if (!dryRun) execute(sql, "repair-indexes");
        List<String> done = new ArrayList<>();
        if (!bad.isEmpty()) done.add((dryRun ? "would rebuild " : "rebuilt ") + String.join(", ", bad));
        if (!failed.isEmpty()) {
            done.add((dryRun ? "would forget" : "forgot") + " the failed " + String.join(", ", failed.stream().map(v -> "V" + v).toList())
                    + " (run `niknotes-setup migrate` to finish it)");
        }
        return StepResult.changed("repair-indexes", String.join("; ", done), sql);
    }

    /** Versions Flyway recorded as failed (a non-transactional migration that stopped half-way). */
    List<String> failedMigrations() {
        try (Connection c = connector.open(app);
             PreparedStatement ps = c.prepareStatement("select version from flyway_schema_history where not success order by installed_rank")) {
            if (Catalog.missing(c, "flyway_schema_history")) return List.of();
            try (ResultSet rs = ps.executeQuery()) {
                List<String> versions = new ArrayList<>();
                while (rs.next()) versions.add(rs.getString(1));
                return versions;
            }
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, app);
        }
    }

    /** Catalog look-ups. */
    private static final class Catalog {
        static boolean missing(Connection c, String table) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is null")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }
    }

    /**
     * Drops the indexes of the newest index-only migrations and forgets those migrations in Flyway's history, so a
     * later {@code migrate} builds them again (the rollback the old seed projects shipped).
     */
    public StepResult undo(SchemaMigrator migrator, boolean dryRun) {
        List<MigrationInfo> undone = new ArrayList<>();
        Set<String> indexes = new LinkedHashSet<>();
        for (MigrationInfo mi : migrator.appliedNewestFirst()) {
            if (mi.getVersion() == null || mi.getScript() == null) continue;
            List<String> statements;
            try {
                statements = migrator.statements(mi.getScript());
            } catch (RuntimeException e) {
                break;
            }
            if (!SqlScripts.onlyCreatesIndexes(statements)) break;
            undone.add(mi);
            statements.stream().map(SqlScripts::createdIndex).filter(n -> n != null).forEach(indexes::add);
        }
        if (undone.isEmpty()) return StepResult.ok("undo-indexes", "no index migration is applied: nothing to undo");
        List<String> sql = new ArrayList<>();
        sql.add(LOCK_TIMEOUT);
        indexes.forEach(n -> sql.add("DROP INDEX CONCURRENTLY IF EXISTS " + Identifiers.quote(n)));
        undone.forEach(mi -> sql.add("DELETE FROM flyway_schema_history WHERE version = '" + mi.getVersion().getVersion() + "'"));
        if (!dryRun) execute(sql, "undo-indexes");
        String versions = String.join(", ", undone.stream().map(mi -> "V" + mi.getVersion().getVersion()).toList());
        return StepResult.changed("undo-indexes", (dryRun ? "would drop " : "dropped ") + indexes.size() + " indexes and "
                + (dryRun ? "forget " : "forgot ") + versions + " (run `niknotes-setup migrate` to build them again)", sql);
    }

    private void execute(List<String> sql, String step) {
        try (Connection c = connector.open(app); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        } catch (SQLException e) {
            throw new io.niknotes.setup.SetupException(ExitCode.FAILED, step + " failed on " + app.database() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    "check that " + app.user() + " owns the tables; `niknotes-setup migrate info` shows the state", e);
        }
    }
}
