package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.sqlite.Snapshot;
import io.niknotes.setup.sqlite.SqliteTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Matches SQLite tables and columns to the target's by name, and profiles each table. */
final class Planner {
    /** Tables that belong to the target's own bookkeeping: never copied over (the schema already holds them). */
    static final List<String> KEPT_TABLES = List.of("alembic_version", "flyway_schema_history");

    private Planner() {
    }

    static Plan plan(Snapshot source, Connection admin, CopyRequest request) throws SQLException {
        Map<String, SqliteTable> sourceTables = source.tables();
        if (sourceTables.isEmpty()) {
            throw new SetupException(ExitCode.SOURCE_INVALID, source.file() + " holds no tables: there is nothing to copy",
                    "point at the app's niknotes.db (the file named in its sqlite:/// DATABASE_URL)");
        }
        TargetCatalog catalog = TargetCatalog.read(admin);
        boolean anyKnown = sourceTables.keySet().stream().anyMatch(n -> catalog.tables().containsKey(n) && !KEPT_TABLES.contains(n));
        if (!anyKnown && !request.createMissing()) {
            throw new SetupException(ExitCode.FAILED, "the target database " + request.target().database()
                    + " has none of the SQLite file's tables: its schema is not there yet",
                    "run `niknotes-setup init` first (it creates the schema), or --create-missing to create the tables as found");
        }
        List<TablePlan> plans = new ArrayList<>();
        List<TableResult> skipped = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Problem> targetNotes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (SqliteTable st : sourceTables.values()) {
            if (KEPT_TABLES.contains(st.name())) {
                notes.add("kept the target's own " + st.name() + " (not copied from SQLite)");
                continue;
            }
            TargetTable target = catalog.tables().get(st.name());
            Snapshot.Profile count = source.profile(st, List.of());
            if (target == null && request.createMissing()) {
                target = TypeInference.infer(st.name(), source.storedTypes(st));
                String ddl = TypeInference.createSql(target);
                notes.add((request.dryRun() ? "would create: " : "created: ") + ddl);
                if (!request.dryRun()) {
                    try (Statement s = admin.createStatement()) {
                        s.execute(ddl);
                    }
                }
            } else if (target == null) {
                problems.add(new Problem(Problem.Kind.UNKNOWN_TABLE, st.name(), null,
                        "no table " + st.name() + " in the target schema: its " + count.rows() + " row(s) are not copied (--create-missing creates it)",
                        count.rows(), List.of()));
                skipped.add(new TableResult(st.name(), TableResult.Status.SKIPPED, 0, 0, 0, 0, 0, null,
                        "unknown to the target schema (" + count.rows() + " row(s) not copied)"));
                continue;
            }
            List<TargetTable.Column> columns = new ArrayList<>();
            for (TargetTable.Column c : target.columns()) {
                if (st.columns().contains(c.name())) {
                    columns.add(c);
                } else if (c.notNull() && !c.hasDefault()) {
                    problems.add(new Problem(Problem.Kind.MISSING_COLUMN, st.name(), c.name(),
                            "the target requires " + c.name() + " (NOT NULL, no default) and SQLite has no such column", count.rows(), List.of()));
                }
            }
            TargetTable known = target;
            List<String> unknown = st.columns().stream().filter(c -> known.column(c) == null).toList();
            for (String u : unknown) {
                problems.add(new Problem(Problem.Kind.UNKNOWN_COLUMN, st.name(), u,
                        "no column " + u + " in the target table; its values were not copied", count.rows(), List.of()));
            }
            List<Timestamps.EpochUnit> units = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) units.add(Timestamps.EpochUnit.NONE);
            plans.add(new TablePlan(st, target, columns, units, count.rows(), unknown));
        }
        if (request.dryRun()) {
            for (TablePlan p : plans) {
                if (catalog.tables().containsKey(p.name())) {
                    long rows = TargetCatalog.rows(admin, p.name());
                    if (rows > 0 && request.mode() == TargetMode.EMPTY_ONLY) {
                        targetNotes.add(new Problem(Problem.Kind.TARGET_NOT_EMPTY, p.name(), null,
                                "the target table already holds " + rows + " row(s): a real run refuses it without --truncate or --append",
                                rows, List.of()));
                    }
                }
            }
        }
        return new Plan(plans, skipped, problems, targetNotes, notes, catalog.foreignKeys());
    }
}
