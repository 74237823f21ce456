package io.niknotes.setup.outcome;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Status;

import java.util.List;

/**
 * What one provisioning step did.
 *
 * @param step       a short stable name ("role", "database", "schema", "migrations", …)
 * @param status     OK (already as wanted), CHANGED, FAIL, SKIPPED (with the reason in detail), WARN, INFO
 * @param detail     what was found or done, in words, never a secret
 * @param statements the SQL that ran (or, with --dry-run, would run), passwords masked
 * @param fix        for a failure or warning, what to do; else null
 * @param code       the exit code a failure maps to
 */
public record StepResult(String step, Status status, String detail, List<String> statements, String fix, ExitCode code) implements Outcome {
    public StepResult {
        statements = List.copyOf(statements);
    }

    public static StepResult ok(String step, String detail) {
        return new StepResult(step, Status.OK, detail, List.of(), null, ExitCode.OK);
    }

    public static StepResult changed(String step, String detail, List<String> statements) {
        return new StepResult(step, Status.CHANGED, detail, statements, null, ExitCode.OK);
    }

    /** Nothing to do or something to do, depending on whether statements are needed. */
    public static StepResult of(String step, List<String> statements, String unchanged, String changed) {
        return statements.isEmpty() ? ok(step, unchanged) : changed(step, changed, statements);
    }

    public static StepResult skipped(String step, String why) {
        return new StepResult(step, Status.SKIPPED, why, List.of(), null, ExitCode.OK);
    }

    public static StepResult warn(String step, String detail, String fix) {
        return new StepResult(step, Status.WARN, detail, List.of(), fix, ExitCode.OK);
    }

    public static StepResult fail(String step, String detail, String fix, ExitCode code) {
        return new StepResult(step, Status.FAIL, detail, List.of(), fix, code);
    }

    public StepResult withStatements(List<String> sql) {
        return new StepResult(step, status, detail, sql, fix, code);
    }
}
