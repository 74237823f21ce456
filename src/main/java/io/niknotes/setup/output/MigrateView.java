package io.niknotes.setup.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Outcome;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.schema.SchemaMigrator;

import java.util.List;

/** Renders {@code migrate} and its subcommands: the steps or the migration list, as text or as one JSON document. */
public final class MigrateView {
    public static final String SCHEMA = "niknotes-setup.migrate/1";

    private MigrateView() {
    }

    /** The JSON document: {@code migrations} for {@code migrate info}, {@code database_url} and {@code steps} otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(String schema, String command, String status, int exitCode, boolean dryRun, String location,
                           String databaseUrl, List<SchemaMigrator.Row> migrations, List<StepsView.Step> steps) {
    }

    /** The migrations; {@code failed}: what makes the listing a failure (an unfinished copy), else empty. */
    public static Document info(String location, List<SchemaMigrator.Row> rows, boolean dryRun, List<StepResult> failed) {
        ExitCode code = Outcome.exitCode(failed);
        return new Document(SCHEMA, "migrate info", code == ExitCode.OK ? "ok" : "fail", code.code(), dryRun, location, null, rows,
                failed.isEmpty() ? null : StepsView.json(failed));
    }

    public static Document steps(String command, boolean dryRun, String location, String databaseUrl, List<StepResult> steps) {
        ExitCode code = Outcome.exitCode(steps);
        return new Document(SCHEMA, command, code == ExitCode.OK ? "ok" : "fail", code.code(), dryRun, location, databaseUrl,
                null, StepsView.json(steps));
    }

    /** The migrations as a table whose columns fit their content. */
    public static void info(Console console, List<SchemaMigrator.Row> rows, List<StepResult> failed) {
        TextTable t = new TextTable("Version", "Description", "State", "Installed on", "Installed by");
        for (SchemaMigrator.Row r : rows) {
            t.row(r.version() == null ? "" : r.version(), r.description(), r.state(), toSeconds(r.installedOn()),
                    r.installedBy() == null ? "" : r.installedBy());
        }
        t.render(console, "").forEach(console::result);
        if (!failed.isEmpty()) StepsView.text(console, failed, false);
    }

    /** "2026-11-29T22:10:05.123456" → "2026-11-29 22:10:05". */
    private static String toSeconds(String timestamp) {
        if (timestamp == null) return "";
        int dot = timestamp.indexOf('.');
        return (dot > 0 ? timestamp.substring(0, dot) : timestamp).replace('T', ' ');
    }

    public static void steps(Console console, List<StepResult> steps, boolean dryRun) {
        StepsView.text(console, steps, dryRun || console.verbose());
        if (dryRun) console.result(console.mark(Status.INFO) + " dry run: nothing was changed");
    }
}
