package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.provision.SqliteCopyHook;
import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.schema.SchemaMigrator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Step 5 of {@code init}: copy the SQLite source with the defaults of {@code migrate-from-sqlite} — once. A run
 * again finds the finished copy and changes nothing; a database holding rows this tool did not copy is left
 * alone (with the command that replaces them); an interrupted copy is finished.
 */
public final class InitCopyStep implements SqliteCopyHook {
    static final String STEP = "sqlite-copy";
    private final Path rejectFile;
    private final CopyListener listener;
    private final PostgresConnector connector;
    private final Interruption interruption;

    public InitCopyStep(Path rejectFile, CopyListener listener, PostgresConnector connector) {
        this(rejectFile, listener, connector, new Interruption());
    }

    /** @param interruption stops the copy (SIGINT, SIGTERM) as it stops migrate-from-sqlite */
    public InitCopyStep(Path rejectFile, CopyListener listener, PostgresConnector connector, Interruption interruption) {
        this.rejectFile = rejectFile;
        this.listener = listener;
        this.connector = connector;
        this.interruption = interruption;
    }

    /** Once the copy is done an unconfirmed ./niknotes.db is no news: the step says the copy is there. */
    @Override
    public StepResult unconfirmed(Settings settings, Path source) {
        try (Connection c = connector.open(settings.app())) {
            StepResult done = done(c);
            if (done != null) return done;
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, settings.app());
        }
        return SqliteCopyHook.super.unconfirmed(settings, source);
    }

    private static StepResult done(Connection c) throws SQLException {
        if (!CopyState.exists(c)) return null;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select source, finished_at from " + CopyState.SCHEMA + ".run where status = 'done'")) {
            return rs.next() ? StepResult.ok(STEP, "already copied from " + rs.getString(1) + " (finished " + rs.getTimestamp(2)
                    + "); `niknotes-setup migrate-from-sqlite --truncate` copies again") : null;
        }
    }

    @Override
    public StepResult copy(Settings settings, Path source, boolean dryRun) {
        try (Connection c = connector.open(settings.app())) {
            StepResult done = done(c);
            if (done != null) return done;
            if (CopyState.unfinishedRun(c) == null) {
                long rows = existingRows(c);
                if (rows > 0) {
                    return StepResult.warn(STEP, "the database already holds " + rows + " rows that this tool did not copy: not copying "
                            + source, "`niknotes-setup migrate-from-sqlite --truncate " + source + "` replaces them (or --append)");
                }
            }
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, settings.app());
        } catch (SetupException e) {
            if (dryRun && e.exitCode() == ExitCode.FAILED) {
                return StepResult.skipped(STEP, "the database does not exist yet (dry run): " + source + " would be copied into it");
            }
            throw e;
        }
        CopyRequest request = CopyRequest.defaults(source, settings.app(), rejectFile).withConnectTimeout(settings.connectTimeout())
                .withDryRun(dryRun);
        CopyReport report;
        try {
            report = new SqliteCopy(listener, connector, interruption).run(request);
        } catch (SetupException e) {
            // a damaged source (init leaves its structure check to the copy): the step fails, the report says the rest
            if (e.exitCode() != ExitCode.SOURCE_INVALID) throw e;
            return StepResult.fail(STEP, e.getMessage(), e.fix(), e.exitCode());
        }
        String counts = report.read() + " rows read, " + report.loaded() + " loaded, " + report.rejected() + " rejected";
        return switch (report.exitCode()) {
            case OK -> dryRun ? StepResult.ok(STEP, "would copy " + source + ": " + report.read() + " rows, no problems found")
                    : StepResult.changed(STEP, "copied " + source + ": " + counts + ", verified (counts and checksums)", List.of());
            case DATA_REJECTED -> StepResult.fail(STEP, "copied " + source + " with problems: " + counts
                            + (report.rejectFile() == null ? "" : "; see " + report.rejectFile()),
                    "run `niknotes-setup migrate-from-sqlite --dry-run " + source + "` for the list of problems", ExitCode.DATA_REJECTED);
            case VERIFICATION_MISMATCH -> StepResult.fail(STEP, "the copy of " + source + " does not match the source (" + counts + ")",
                    "run `niknotes-setup migrate-from-sqlite --truncate " + source + "` again", ExitCode.VERIFICATION_MISMATCH);
            default -> StepResult.fail(STEP, "copying " + source + " failed: " + (report.failure() == null ? counts : report.failure()),
                    "run `niknotes-setup migrate-from-sqlite " + source + "` to see the details; a re-run finishes an interrupted copy",
                    report.exitCode());
        };
    }

    private static long existingRows(Connection c) throws SQLException {
        long total = 0;
        for (String table : SchemaMigrator.APP_TABLES) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from (select 1 from public." + table + " limit 1) t")) {
                rs.next();
                total += rs.getLong(1);
            } catch (SQLException e) {
                if (!"42P01".equals(e.getSQLState())) throw e; // a table the schema does not have: nothing in it
            }
        }
        return total;
    }
}
