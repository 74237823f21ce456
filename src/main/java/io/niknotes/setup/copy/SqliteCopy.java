package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.postgres.PostgresConnector;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Copies a NikNotes SQLite file into the PostgreSQL schema: plan, foreign-key check, load (COPY, tables in
 * parallel, each in one transaction), rebuild of indexes and foreign keys, ANALYZE, sequences, verification.
 * Never prints: progress goes to the {@link CopyListener}, the outcome is the {@link CopyReport}.
 * {@code init --from-sqlite} calls {@code new SqliteCopy(listener).run(request)} too.
 */
public final class SqliteCopy {
    /** Tables that belong to the target's own bookkeeping: never copied over (the schema already holds them). */
    static final List<String> KEPT_TABLES = List.of("alembic_version", "flyway_schema_history");

    private final CopyListener listener;

    public SqliteCopy(CopyListener listener) {
        this.listener = listener;
    }

    public CopyReport run(CopyRequest request) {
        long start = System.nanoTime();
        PostgresConnector connector = new PostgresConnector(request.connectTimeout());
        listener.phase("reading " + request.source());
        try (SourceSnapshot source = SourceSnapshot.open(request.source());
             Connection admin = connector.open(request.target())) {
            Session.prepare(admin);
            Plan plan = Planner.plan(source, admin, request);
            Loader loader = new Loader(connector, source, request, listener);
            if (!request.dryRun()) loader.prepare(admin, plan);
            listener.phase("checking foreign keys");
            OrphanFinder.Result fk = OrphanFinder.find(source, plan, request);
            List<Problem> problems = new ArrayList<>(plan.problems());
            problems.addAll(fk.problems());
            if (request.dryRun()) {
                problems.addAll(plan.targetNotes());
                List<String> notes = new ArrayList<>(plan.notes());
                notes.addAll(fk.notes());
                return report(request, false, plan.skipped(), fk.dryRunResults(), problems, null, 0, start, null, notes);
            }
            long orphans = fk.problems().stream().mapToLong(Problem::count).sum();
            if (orphans > 0 && !request.skipOrphans()) {
                problems.addAll(fk.causes());
                return report(request, false, plan.skipped(), List.of(), problems, null, 0, start,
                        orphans + " orphan row(s) reference rows that do not exist (or will not be loaded); nothing was written",
                        plan.notes());
            }
            return loader.load(admin, plan, fk.filters(), fk.referenced(), problems, start);
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, request.target(), "DATABASE_URL");
        }
    }

    static CopyReport report(CopyRequest request, boolean resumed, List<TableResult> skipped, List<TableResult> results,
                             List<Problem> problems, java.nio.file.Path rejectFile, int indexes, long start, String failure,
                             List<String> notes) {
        List<TableResult> all = new ArrayList<>(results);
        all.addAll(skipped);
        all.sort(Comparator.comparing(TableResult::table));
        return new CopyReport(request.source(), request.target().redacted(), request.dryRun(), resumed, all, problems, rejectFile, indexes,
                (System.nanoTime() - start) / 1e9, failure, notes);
    }

    /** Session settings that make PostgreSQL's text output match ours exactly (checksums) and speed up builds. */
    static final class Session {
        private Session() {
        }

        static void prepare(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("set TimeZone = 'UTC'");
                st.execute("set DateStyle = 'ISO, YMD'");
                st.execute("set bytea_output = 'hex'");
                st.execute("set extra_float_digits = 1");
                st.execute("set maintenance_work_mem = '256MB'");
            }
        }
    }

    /** The tables to load, the tables skipped, and what was noticed while matching the two schemas. */
    record Plan(List<TablePlan> tables, List<TableResult> skipped, List<Problem> problems, List<Problem> targetNotes,
                List<String> notes, List<ForeignKey> foreignKeys) {
        TablePlan table(String name) {
            for (TablePlan t : tables) {
                if (t.name().equals(name)) return t;
            }
            return null;
        }
    }

    /** Matches SQLite tables and columns to the target's by name, and profiles each table. */
    static final class Planner {
        private Planner() {
        }

        static Plan plan(SourceSnapshot source, Connection admin, CopyRequest request) throws SQLException {
            Map<String, SourceTable> sourceTables = source.tables();
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
            for (SourceTable st : sourceTables.values()) {
                if (KEPT_TABLES.contains(st.name())) {
                    notes.add("kept the target's own " + st.name() + " (not copied from SQLite)");
                    continue;
                }
                TargetTable target = catalog.tables().get(st.name());
                SourceSnapshot.Profile count = source.profile(st, List.of());
                if (target == null && request.createMissing()) {
                    target = source.inferTarget(st);
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
                        long rows = Loader.targetRows(admin, p.name());
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

    static String names(List<String> list) {
        StringJoiner j = new StringJoiner(", ");
        list.forEach(j::add);
        return j.toString();
    }
}
