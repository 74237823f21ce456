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
}
