package io.niknotes.setup.check;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Outcome;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.ExitCode;

import java.util.List;

/** Everything {@code check} found, and the exit code it adds up to. */
public record CheckReport(List<Finding> findings) {
    public CheckReport {
        findings = List.copyOf(findings);
    }

    public ExitCode exitCode() {
        return Outcome.exitCode(findings);
    }

    public Status overall() {
        return Outcome.overall(findings);
    }

    public long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
