package io.niknotes.setup.copy;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.postgres.PostgresConnector;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** After the tables are loaded: recreate the dropped indexes and foreign keys, ANALYZE, move sequences, verify. */
final class AfterLoad {
    private final PostgresConnector connector;
    private final CopyRequest request;
    private final Interruption interruption;

    AfterLoad(PostgresConnector connector, CopyRequest request, Interruption interruption) {
        this.interruption = interruption;
        this.connector = connector;
        this.request = request;
    }

    /** Recreates every dropped index (in parallel) then every foreign key; returns how many were built. */
    int rebuild(Connection admin, ExecutorService pool) throws SQLException {
        List<DroppedObject> dropped = CopyState.dropped(admin);
        int built = 0;
        List<Future<Void>> indexes = new ArrayList<>();
        for (DroppedObject o : dropped) {
            if (o.kind() != DroppedObject.Kind.INDEX) continue;
            indexes.add(pool.submit((Callable<Void>) () -> {
                try (Connection c = connector.open(request.target()); Interruption.Watch w = interruption.watch(c)) {
                    Session.prepare(c);
                    CopyState.recreate(c, o);
                }
                return null;
            }));
        }
        List<String> errors = new ArrayList<>();
        for (Future<Void> f : indexes) {
            try {
                f.get();
                built++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SetupException(io.niknotes.setup.ExitCode.INTERRUPTED, "interrupted while building indexes", null, e);
            } catch (ExecutionException e) {
                errors.add(Jobs.firstLine(e.getCause().getMessage()));
            }
        }
        for (DroppedObject o : dropped) {
            if (o.kind() != DroppedObject.Kind.FOREIGN_KEY) continue;
            try {
                CopyState.recreate(admin, o);
                built++;
            } catch (SQLException e) {
                errors.add(o.table() + "." + o.name() + ": " + Jobs.firstLine(e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new SetupException(io.niknotes.setup.ExitCode.FAILED, "the data is loaded but " + errors.size()
                    + " index(es)/foreign key(s) could not be recreated: " + String.join("; ", errors),
                    "fix the cause, then run migrate-from-sqlite again: it recreates what is recorded in " + CopyState.SCHEMA + ".dropped");
        }
        return built;
    }

    static void analyzeAndSequences(Connection admin, TablePlan t) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("analyze " + Sql.ident(t.name()));
        }
        moveSequences(admin, t);
    }

    /** Every sequence of {@code t} past its column's largest value: the app's next insert gets a new id. */
    static void moveSequences(Connection admin, TablePlan t) throws SQLException {
        for (TargetTable.Column c : t.target().columns()) {
            if (!c.serial()) continue;
            String sql = "select setval(pg_get_serial_sequence(?, ?), coalesce(max(" + Sql.ident(c.name()) + "), 0) + 1, false) from "
                    + Sql.ident(t.name());
            try (PreparedStatement ps = admin.prepareStatement(sql)) {
                ps.setString(1, Sql.ident(t.name()));
                ps.setString(2, c.name());
                ps.execute();
            }
        }
    }

    List<TableResult> verify(ExecutorService pool, List<TableResult> results, List<TablePlan> plans) throws SQLException {
        List<Future<TableResult>> futures = new ArrayList<>();
        for (TableResult r : results) {
            if (r.status() != TableResult.Status.COPIED && r.status() != TableResult.Status.RESUMED) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(r));
                continue;
            }
            TablePlan t = plans.stream().filter(p -> p.name().equals(r.table())).findFirst().orElseThrow();
            futures.add(pool.submit(() -> {
                try (Connection c = connector.open(request.target()); Interruption.Watch w = interruption.watch(c)) {
                    Session.prepare(c);
                    CopyState.LoadedTable state = CopyState.loadedTables(c).get(t.name());
                    long[] actual = checksum(c, t);
                    long expectedRows = state.rowsBefore() + state.loaded();
                    long expectedSum = state.checksumBefore() + state.checksum();
                    return r.withVerification(new TableResult.Verification(expectedRows, actual[0], RowHash.hex(expectedSum),
                            RowHash.hex(actual[1]), t.notChecksummed()));
                }
            }));
        }
        List<TableResult> verified = new ArrayList<>();
        for (Future<TableResult> f : futures) verified.add(Jobs.result(f));
        return verified;
    }

    /** PostgreSQL's row count and content checksum of a table over the plan's checksummed columns. */
    static long[] checksum(Connection c, TablePlan t) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RowHash.sql(t.name(), t.checksummed()))) {
            rs.next();
            BigDecimal sum = rs.getBigDecimal(2);
            return new long[]{rs.getLong(1), sum.toBigInteger().longValue()};
        }
    }
}
