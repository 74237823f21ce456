package io.niknotes.setup.copy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A loaded table's last steps: ANALYZE (inside the load's own transaction, which sees its rows, so no other step waits
 * for it; after the builds for a table kept from an interrupted run), its sequences past the largest id, its
 * verification against the source.
 */
final class AfterLoad {
    private final Interruption interruption;

    AfterLoad(Interruption interruption) {
        this.interruption = interruption;
    }

    void analyzeAndSequences(Connection c, TablePlan t, boolean analyze) throws SQLException {
        try (Interruption.Watch w = interruption.watch(c)) {
            if (analyze) analyze(c, t);
            moveSequences(c, t);
        }
    }

    static void analyze(Connection c, TablePlan t) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("analyze " + Sql.ident(t.name()));
        }
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

    /** {@code r} with PostgreSQL's count and checksum of {@code t} against what the load recorded. */
    TableResult verify(Connection c, TablePlan t, TableResult r) throws SQLException {
        try (Interruption.Watch w = interruption.watch(c)) {
            CopyState.LoadedTable state = CopyState.loadedTables(c).get(t.name());
            long[] actual = checksum(c, t, state.scheme());
            long expectedRows = state.rowsBefore() + state.loaded();
            long expectedSum = state.checksumBefore() + state.checksum();
            return r.withVerification(new TableResult.Verification(expectedRows, actual[0], RowHash.hex(expectedSum),
                    RowHash.hex(actual[1]), t.notChecksummed()));
        }
    }

    /** PostgreSQL's row count and content checksum of a table over the plan's checksummed columns. */
    static long[] checksum(Connection c, TablePlan t, RowHash.Scheme scheme) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RowHash.sql(scheme, t.name(), t.checksummed()))) {
            rs.next();
            BigDecimal sum = rs.getBigDecimal(2);
            return new long[]{rs.getLong(1), sum.toBigInteger().longValue()};
        }
    }
}
