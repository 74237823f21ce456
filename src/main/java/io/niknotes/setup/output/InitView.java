package io.niknotes.setup.output;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.provision.Initializer;

import java.util.List;

/** Renders what {@code init} did: the checks, the steps and the summary, as text or as one JSON document. */
public final class InitView {
    public static final String SCHEMA = "niknotes-setup.init/1";

    private InitView() {
    }

    /** What init did; {@code env_file} is null when it wrote none. */
    public record Document(String schema, String command, Status status, int exitCode, boolean dryRun, String databaseUrl,
                           String envFile, List<FindingsView.Item> checks, List<StepsView.Step> steps, List<String> statistics) {
    }

    /** A run its checks stopped before any step: the findings, no steps. */
    public record Stopped(String schema, String command, Status status, int exitCode, List<FindingsView.Item> findings,
                          List<StepsView.Step> steps) {
    }

    public static Document json(Initializer.Report report, List<Finding> checks, boolean dryRun, List<String> statistics) {
        return new Document(SCHEMA, "init", report.overall(), report.exitCode().code(), dryRun, report.app().redacted(),
                report.envFile() == null ? null : report.envFile().toString(), FindingsView.json(checks), StepsView.json(report.steps()),
                statistics);
    }

    /** @param code what the failed checks add up to (a missing app role is init's to repair, not a failure) */
    public static Stopped stopped(CheckReport checks, ExitCode code) {
        return new Stopped(SCHEMA, "init", checks.overall(), code.code(), FindingsView.json(checks.findings()), List.of());
    }

    public static void stopped(Console c, CheckReport checks) {
        FindingsView.text(c, checks);
    }

    public static void text(Console c, Initializer.Report report, List<Finding> checks, boolean dryRun, boolean verbose,
                            List<String> statistics) {
        StepsView.checks(c, checks, verbose);
        StepsView.text(c, report.steps(), dryRun || verbose);
        c.result("");
        if (report.exitCode() != ExitCode.OK) {
            c.result(c.paint(report.overall(), c.mark(report.overall())) + " init stopped: fix the failed step and run it again (it is safe to re-run)");
            return;
        }
        if (dryRun) {
            c.result(c.mark(report.overall()) + " dry run: nothing was changed");
            return;
        }
        if (report.overall() == Status.OK) c.result(c.mark(Status.OK) + " nothing changed: everything was already in place");
        c.result(c.paint(report.overall(), c.mark(report.overall())) + " NikNotes can start against " + report.app().redacted());
        c.result(report.envFile() != null ? "  the password is in " + report.envFile() + " (readable by you only)"
                : "  set DATABASE_URL for the app yourself (the password was not written anywhere)");
        statistics.forEach(line -> c.result("  " + line));
        boolean copyPending = report.steps().stream().anyMatch(s -> s.step().equals("sqlite-copy")
                && s.status() != Status.OK && s.status() != Status.CHANGED && !s.detail().startsWith("no SQLite source"));
        if (copyPending) {
            c.warn("the SQLite data is not copied yet: run `niknotes-setup migrate-from-sqlite` before the app starts on PostgreSQL");
        }
    }
}
