package io.niknotes.setup.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Session settings that make PostgreSQL's text output match ours exactly (checksums) and speed up builds. */
final class Session {
    private Session() {
    }

    /**
     * @param jobs the run's jobs: with more than one, they are the parallelism, and a build's own parallel workers are
     *             left out (each would take a share of maintenance_work_mem and sort in smaller pieces: at 3.6 M rows
     *             with 2 jobs the whole copy used ~12% more CPU with them); {@link #buildWorkers} lets them back in
     *             when one build is left alone
     */
    static void prepare(Connection c, int jobs) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set TimeZone = 'UTC'");
            st.execute("set DateStyle = 'ISO, YMD'");
            st.execute("set bytea_output = 'hex'");
            st.execute("set extra_float_digits = 1");
            st.execute("set maintenance_work_mem = '256MB'");
            if (jobs > 1) st.execute("set max_parallel_maintenance_workers = 0");
        }
    }

    /** The server's parallel workers for the next index build when it runs alone (nothing else would use the cores), else none. */
    static void buildWorkers(Connection c, boolean alone) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(alone ? "reset max_parallel_maintenance_workers" : "set max_parallel_maintenance_workers = 0");
        }
    }
}
