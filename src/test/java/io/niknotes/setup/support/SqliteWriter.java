package io.niknotes.setup.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Run in a child JVM (another process, as the app is): tries one write without waiting; prints "written" or "locked". */
public final class SqliteWriter {
    private SqliteWriter() {
    }

    public static void main(String[] args) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement st = c.createStatement()) {
            st.execute("pragma busy_timeout = 0");
            st.execute(args[1]);
            System.out.println("written");
        } catch (SQLException e) {
            System.out.println(e.getMessage().contains("locked") || e.getMessage().contains("BUSY") ? "locked" : "error: " + e.getMessage());
        }
    }

    /** Runs {@link #main} in a new JVM on the test class path; returns what it printed. */
    public static String writeFromAnotherProcess(java.nio.file.Path file, String sql) throws Exception {
        Process p = new ProcessBuilder(ShadedJar.java(), "-cp", System.getProperty("java.class.path"), SqliteWriter.class.getName(),
                file.toString(), sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.lines().reduce((a, b) -> b).orElse("");
    }
}
