package io.niknotes.setup.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Session settings that make PostgreSQL's text output match ours exactly (checksums) and speed up builds. */
final class Session {
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

    /**
     * Before an index build: with several jobs, the server's parallel workers when the build runs alone, else none. The
     * jobs are the parallelism: a build's own workers would each take a share of maintenance_work_mem and sort in
     * smaller pieces (at 3.6 M rows with 2 jobs the whole copy used ~12% more CPU with them). With one job the server's
     * own setting stands.
     */
    static void parallelBuilds(Connection c, int jobs, boolean alone) throws SQLException {
        if (jobs < 2) return;
        try (Statement st = c.createStatement()) {
            st.execute(alone ? "reset max_parallel_maintenance_workers" : "set max_parallel_maintenance_workers = 0");
        }
    }
}
