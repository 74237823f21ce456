package io.niknotes.setup;

/**
 * A failure the user can act on: what went wrong, why, and how to fix it, plus the exit code.
 * Messages never contain secrets: build them from redacted values only.
 */
public class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;
    private final String fix;

    public SetupException(ExitCode exitCode, String message, String fix) {
        this(exitCode, message, fix, null);
    }

    public SetupException(ExitCode exitCode, String message, String fix, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.fix = fix;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** How to fix it; may be null when there is nothing more to say than the message. */
    public String fix() {
        return fix;
    }

    /** The first line of a driver's or server's message (null: empty), for building ours from it. */
    public static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public static SetupException usage(String message, String fix) {
        return new SetupException(ExitCode.USAGE, message, fix);
    }
}
