package io.niknotes.setup.copy;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.pgcopy.CopyStream;
import io.niknotes.setup.pgcopy.PgCopy;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.sqlite.Snapshot;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One table's load, in its own transaction on its own connection: lock (and for --append the checksum before),
 * truncate when replacing, drop the keys, COPY the scanned rows (COPY FREEZE after a truncate), rebuild the keys,
 * record the table in the state table, commit. Tables load in parallel, each through its own instance call.
 */
final class TableLoad {
    private final PostgresConnector connector;
    private final Snapshot source;
    private final CopyRequest request;
    private final CopyListener listener;
    private final RejectLog rejects;
    private final String fingerprint;
    private final Integrity integrity;
    private final Interruption interruption;
    private final RowHash.Scheme scheme;
    /** What the loads found, from every loader thread. */
    final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    TableLoad(PostgresConnector connector, Snapshot source, CopyRequest request, CopyListener listener, RejectLog rejects, String fingerprint,
              Integrity integrity, Interruption interruption, RowHash.Scheme scheme) {
        this.integrity = integrity;
        this.scheme = scheme;
        this.interruption = interruption;
        this.connector = connector;
        this.source = source;
        this.request = request;
        this.listener = listener;
        this.rejects = rejects;
        this.fingerprint = fingerprint;
    }

    /**
     * Loads {@code t} in one transaction on its own connection; a failure is the table's result, not an exception.
     * {@code alone} is asked before the keys are built again: the big table's keys, built when the other tables are done,
     * may use the server's parallel workers.
     */
    TableResult load(TablePlan t, boolean mayReplace, List<TablePlan.OrphanFilter> filters, List<List<String>> refs, BooleanSupplier alone) {
        long start = System.nanoTime();
        listener.tableStarted(t.name(), t.rows());
        try (Connection c = connector.open(request.target()); Interruption.Watch w = interruption.watch(c)) {
            Session.prepare(c);
            c.setAutoCommit(false);
            try {
                long rowsBefore = 0;
                long sumBefore = 0;
                boolean freeze = false;
                try (Statement st = c.createStatement()) {
                    if (request.mode() == TargetMode.APPEND) {
                        st.execute("lock table " + Sql.ident(t.name()) + " in share row exclusive mode");
                        long[] before = AfterLoad.checksum(c, t, scheme);
                        rowsBefore = before[0];
                        sumBefore = before[1];
                    } else {
                        if (!mayReplace) {
                            // checked empty before; check again under the lock: rows written since are never truncated
                            st.execute("lock table " + Sql.ident(t.name()) + " in access exclusive mode");
                            if (TargetCatalog.hasRows(c, t.name())) throw new SQLException(t.name() + " received rows during the copy; nothing was replaced");
                        }
                        // empty, ours from an interrupted run, or --truncate: replaced atomically with the load (and COPY FREEZE)
                        st.execute("truncate table " + Sql.ident(t.name()));
                        freeze = true;
                    }
                }
                List<TableKeys.Key> keys = freeze ? TableKeys.dropForLoad(c, t.name()) : List.of();
                TableScan scan = new TableScan(source, t, request.fixText(), filters, refs, rejects, listener);
                TableScan.Outcome o;
                try (CopyStream copy = PgCopy.into(c, t.name(), t.columnNames(), t.fieldTypes(), freeze)) {
                    o = scan.run(row -> {
                        interruption.check(); // a stop ends the COPY at the next row, not at the end of the table
                        copy.write(row);
                    }, request.verify() ? scheme : null);
                    long copied = copy.finish();
                    if (copied != o.loaded()) {
                        throw new SQLException("PostgreSQL loaded " + copied + " rows of " + t.name() + ", " + o.loaded() + " were sent");
                    }
                }
                if (!keys.isEmpty()) Session.parallelBuilds(c, request.jobs(), alone.getAsBoolean());
                TableKeys.restore(c, keys);
                AfterLoad.analyze(c, t); // in this transaction: its statistics commit with its rows, and nothing after the load waits for it
                double seconds = (System.nanoTime() - start) / 1e9;
                CopyState.tableLoaded(c, t.name(), new CopyState.LoadedTable(o.read(), o.loaded(), o.rejected(), o.fixed(), o.checksum(),
                        rowsBefore, sumBefore, seconds, fingerprint, request.verify(), scheme));
                integrity.awaitSound(); // nothing of a damaged file commits
                c.commit();
                problems.addAll(o.problems());
                notes.addAll(o.notes());
                TableResult r = new TableResult(t.name(), TableResult.Status.COPIED, o.read(), o.loaded(), o.rejected(), o.fixed(), seconds,
                        null, null);
                listener.tableFinished(r);
                return r;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                if (e instanceof SetupException s) throw s;
                TableResult r = new TableResult(t.name(), TableResult.Status.FAILED, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9, null,
                        failureDetail(t.name(), e));
                listener.tableFinished(r);
                return r;
            }
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, request.target());
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; the server rolls back anyway
        }
    }

    /**
     * Why a table's load failed, on one line. A duplicate key (found when {@link TableKeys} builds the primary key or a
     * unique index after the COPY, or by the key itself on --append) names the key and the duplicated value from the
     * server's detail.
     */
    private static String failureDetail(String table, Exception e) {
        String message = Jobs.firstLine(e.getMessage());
        if (e instanceof PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String detail = m.getDetail() != null ? m.getDetail() : "the server did not say which value"; // hidden without SELECT rights
            return table + " holds a duplicate value of its key " + m.getConstraint() + ": " + detail
                    + " Nothing of " + table + " was loaded; remove the duplicate rows from the SQLite file and run again";
        }
        return message;
    }

}
