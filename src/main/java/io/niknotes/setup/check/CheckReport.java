package io.niknotes.setup.check;

import io.niknotes.setup.ExitCode;

import java.util.List;

/** Everything {@code check} found, and the exit code it adds up to. */
public record CheckReport(List<Finding> findings) {
    public CheckReport {
        findings = List.copyOf(findings);
    }

    public ExitCode exitCode() {
        ExitCode worst = ExitCode.OK;
        for (Finding f : findings) {
            if (f.status().failed()) worst = worst.worst(f.code() == ExitCode.OK ? ExitCode.FAILED : f.code());
        }
        return worst;
    }

    public Status overall() {
        if (findings.stream().anyMatch(f -> f.status() == Status.FAIL)) return Status.FAIL;
        if (findings.stream().anyMatch(f -> f.status() == Status.WARN)) return Status.WARN;
        return Status.OK;
    }

    public long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
