package io.niknotes.setup.outcome;

import io.niknotes.setup.ExitCode;

import java.util.Collection;

/** A verdict with the exit code it maps to: a finding of a check or the result of a step. */
public interface Outcome {
    Status status();

    /** The exit code a failure maps to (FAILED unless more specific). */
    ExitCode code();

    /** What a list of outcomes adds up to: the worst exit code of the failed ones, OK when none failed. */
    static ExitCode exitCode(Collection<? extends Outcome> outcomes) {
        ExitCode worst = ExitCode.OK;
        for (Outcome o : outcomes) {
            if (o.status().failed()) worst = worst.worst(o.code() == ExitCode.OK ? ExitCode.FAILED : o.code());
        }
        return worst;
    }

    /** FAIL when any failed, else WARN when any warns, else OK. */
    static Status overall(Collection<? extends Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.status() == Status.FAIL)) return Status.FAIL;
        if (outcomes.stream().anyMatch(o -> o.status() == Status.WARN)) return Status.WARN;
        return Status.OK;
    }
}
