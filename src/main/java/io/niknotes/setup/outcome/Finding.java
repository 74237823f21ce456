package io.niknotes.setup.outcome;

import io.niknotes.setup.ExitCode;

/**
 * One thing a check found.
 *
 * @param area   postgres, redis or sqlite
 * @param check  a short stable name (e.g. "reachable", "auth.admin", "version")
 * @param status the verdict
 * @param found  what was found, in words (no secrets)
 * @param cause  for a warning or failure, the likely cause; else null
 * @param fix    for a warning or failure, what to do; else null
 * @param code   the exit code a failure maps to (FAILED unless more specific)
 */
public record Finding(String area, String check, Status status, String found, String cause, String fix, ExitCode code) implements Outcome {
    public static Finding ok(String area, String check, String found) {
        return new Finding(area, check, Status.OK, found, null, null, ExitCode.OK);
    }

    public static Finding info(String area, String check, String found) {
        return new Finding(area, check, Status.INFO, found, null, null, ExitCode.OK);
    }

    public static Finding warn(String area, String check, String found, String cause, String fix) {
        return new Finding(area, check, Status.WARN, found, cause, fix, ExitCode.OK);
    }

    public static Finding fail(String area, String check, String found, String cause, String fix, ExitCode code) {
        return new Finding(area, check, Status.FAIL, found, cause, fix, code);
    }

    public static Finding skipped(String area, String check, String why) {
        return new Finding(area, check, Status.SKIPPED, why, null, null, ExitCode.OK);
    }

    /** The same finding downgraded to a warning (an optional component failing). */
    public Finding asWarning() {
        return status == Status.FAIL ? new Finding(area, check, Status.WARN, found, cause, fix, ExitCode.OK) : this;
    }
}
