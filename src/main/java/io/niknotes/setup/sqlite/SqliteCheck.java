package io.niknotes.setup.sqlite;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.outcome.Finding;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Is the SQLite source usable? A SQLite file, intact ({@code quick_check}), and what it holds. */
public final class SqliteCheck {
    static final String AREA = "sqlite";

    public List<Finding> run(Path file) {
        return run(file, true);
    }

    /**
     * {@code structure} false: the file's structure is not read here because the copy that follows checks it before it
     * commits anything (reading a large file twice is what init spent most of its checks on).
     */
    public List<Finding> run(Path file, boolean structure) {
        List<Finding> findings = new ArrayList<>();
        SqliteSource source = new SqliteSource(file);
        try (Connection c = source.openReadOnly()) {
            findings.add(Finding.ok(AREA, "file", file + " is a SQLite database"));
            if (!structure) {
                findings.add(Finding.info(AREA, "quick_check", "checked while it is copied: nothing of a damaged file is committed"));
                findings.add(tables(c));
                return findings;
            }
            String quick = quickCheck(c);
            if (!quick.equals("ok")) {
                SetupException damage = FileIntegrity.damaged(file, "quick_check reports: " + quick, null);
                findings.add(Finding.fail(AREA, "quick_check", damage.getMessage(), "the file is damaged or torn", damage.fix(),
                        ExitCode.SOURCE_INVALID));
                return findings;
            }
            findings.add(Finding.ok(AREA, "quick_check", "quick_check ok"));
            findings.add(tables(c));
        } catch (SetupException e) {
            findings.add(Finding.fail(AREA, "file", e.getMessage(), null, e.fix(), e.exitCode()));
        } catch (SQLException e) {
            SetupException failure = FileIntegrity.of(file, e);
            findings.add(Finding.fail(AREA, "quick_check", failure.getMessage(), null, failure.fix(), failure.exitCode()));
        }
        return findings;
    }

    private static Finding tables(Connection c) throws SQLException {
        StringJoiner counts = new StringJoiner(", ");
        for (String table : SqliteSource.tables(c)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from " + SqliteSource.quote(table))) {
                rs.next();
                counts.add(table + " " + rs.getLong(1));
            }
        }
        return Finding.info(AREA, "tables", counts.length() == 0 ? "no tables" : counts.toString());
    }

    /**
     * {@code pragma quick_check} on its own read-only connection in a background thread, so a copy can load while the
     * verdict comes: completes with null when the file is sound, else with what SQLite reported (a torn file, a
     * corrupt page); exceptionally with the reason the file could not be checked.
     */
    public static java.util.concurrent.CompletableFuture<String> inBackground(Path file) {
        java.util.concurrent.CompletableFuture<String> verdict = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Connection c = new SqliteSource(file).openReadOnly()) {
                String quick = quickCheck(c);
                verdict.complete(quick.equals("ok") ? null : quick);
            } catch (SQLException e) {
                verdict.completeExceptionally(FileIntegrity.of(file, e));
            } catch (RuntimeException e) {
                verdict.completeExceptionally(e);
            } catch (Error e) { // the commits waiting for the verdict must not wait for ever
                verdict.completeExceptionally(FileIntegrity.uncheckable(file, e));
            }
        }, "sqlite-quick-check");
        t.setDaemon(true);
        t.start();
        return verdict;
    }

    private static String quickCheck(Connection c) throws SQLException {
        StringJoiner problems = new StringJoiner("; ");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("pragma quick_check")) {
            while (rs.next()) problems.add(rs.getString(1));
        }
        return problems.toString();
    }
}
