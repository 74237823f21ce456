package io.niknotes.setup.schema;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.provision.Identifiers;
import io.niknotes.setup.provision.StepResult;
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
        try (Connection c = connector.open(app, "DATABASE_URL");
             PreparedStatement ps = c.prepareStatement("select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid "
                     + "join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and not i.indisvalid order by 1");
             ResultSet rs = ps.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) names.add(rs.getString(1));
            return names;
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, app, "DATABASE_URL");
        }
    }

    /** The "indexes" step of init and migrate: all valid, or which are not and how to fix it. */
    public StepResult check() {
        List<String> bad = invalid();
        if (bad.isEmpty()) return StepResult.ok("indexes", "no INVALID index in " + app.database());
        return StepResult.fail("indexes", "INVALID indexes (a concurrent build failed): " + String.join(", ", bad),
                "run `niknotes-setup migrate repair-indexes` (it rebuilds them without blocking writes)", ExitCode.FAILED);
    }

    /** Rebuilds every INVALID index; leftovers of a failed REINDEX CONCURRENTLY (*_ccnew, *_ccold) are dropped. */
    public StepResult repair(boolean dryRun) {
        List<String> bad = invalid();
        if (bad.isEmpty()) return StepResult.ok("repair-indexes", "no INVALID index in " + app.database() + ": nothing to repair");
        List<String> sql = new ArrayList<>();
        sql.add(LOCK_TIMEOUT);
        for (String name : bad) {
            sql.add(name.matches(".*_cc(new|old)[0-9]*") ? "DROP INDEX CONCURRENTLY IF EXISTS " + Identifiers.quote(name)
                    : "REINDEX INDEX CONCURRENTLY " + Identifiers.quote(name));
        }
        if (!dryRun) execute(sql, "repair-indexes");
        return StepResult.changed("repair-indexes", (dryRun ? "would rebuild " : "rebuilt ") + String.join(", ", bad), sql);
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
        try (Connection c = connector.open(app, "DATABASE_URL"); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        } catch (SQLException e) {
            throw new io.niknotes.setup.SetupException(ExitCode.FAILED, step + " failed on " + app.database() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    "check that " + app.user() + " owns the tables; `niknotes-setup migrate info` shows the state", e);
        }
    }
}
