package io.niknotes.setup.output;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.provision.Initializer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders what {@code init} did: the checks, the steps and the summary, as text or as one JSON document. */
public final class InitView {
    public static final String SCHEMA = "niknotes-setup.init/1";

    private InitView() {
    }

    public static Map<String, Object> json(Initializer.Report report, List<Finding> checks, boolean dryRun, List<String> statistics) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("command", "init");
        doc.put("status", report.overall().toString());
        doc.put("exit_code", report.exitCode().code());
        doc.put("dry_run", dryRun);
        doc.put("database_url", report.app().redacted());
        doc.put("env_file", report.envFile() == null ? null : report.envFile().toString());
        doc.put("checks", checks.stream().map(FindingsView::json).toList());
        doc.put("steps", StepsView.json(report.steps()));
        doc.put("statistics", statistics);
        return doc;
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
