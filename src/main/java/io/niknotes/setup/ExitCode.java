package io.niknotes.setup;

/**
 * Every exit code the tool uses, in one place. {@code ExitCodeTest} keeps the README's table (code, name, meaning) in
 * step with this list; {@code ExitStatusJarTest} sees each code as the exit status of the jar.
 */
public enum ExitCode {
    OK(0, "everything succeeded (warnings may have been printed)"),
    FAILED(1, "a check or a step failed"),
    USAGE(2, "bad command line or configuration (unknown option, malformed URL, invalid name)"),
    CANNOT_CONNECT(3, "a server could not be reached (PostgreSQL, or Redis when required)"),
    AUTH_FAILED(4, "a server refused the credentials, or wants a password none was given"),
    DATA_REJECTED(5, "rows were rejected or skipped while copying (see the reject file)"),
    VERIFICATION_MISMATCH(6, "the copied data does not match the source (counts or checksums)"),
    SOURCE_INVALID(7, "the SQLite source is missing, unreadable, not SQLite or corrupt"),
    SCHEMA_DRIFT(8, "the live schema differs from what the migrations build (check --schema lists how)"),
    INTERRUPTED(130, "interrupted (Ctrl-C)"),
    /** Set by the JVM itself (128 + SIGTERM) when the process is terminated; listed so that it is documented. */
    TERMINATED(143, "terminated (SIGTERM, e.g. `kill` or a CI job's timeout)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The worse of two outcomes: a domain failure outranks a generic failure, which outranks success. */
    public ExitCode worst(ExitCode other) {
        if (this == OK) return other;
        if (other == OK) return this;
        if (this == FAILED) return other;
        return this;
    }
}
