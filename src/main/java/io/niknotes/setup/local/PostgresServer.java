package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One private PostgreSQL cluster: its binaries, data directory and log; initdb, start, stop, and what is running. */
final class PostgresServer {
    static final String SUPERUSER = "postgres";
    private final LocalHome home;
    private final Platform platform;
    private final Processes processes;

    PostgresServer(LocalHome home, Platform platform, Processes processes) {
        this.home = home;
        this.platform = platform;
        this.processes = processes;
    }

    Path installDir() {
        return home.binaries("postgres-" + Artifact.POSTGRES_VERSION);
    }

    private String tool(String name) {
        return installDir().resolve("bin").resolve(platform.executable(name)).toString();
    }

    boolean installed() {
        return Files.isRegularFile(installDir().resolve("bin").resolve(platform.executable("pg_ctl")));
    }

    /** Unpacks the verified binaries jar, unless they already are. */
    void install(Path verifiedJar) throws IOException {
        if (installed()) return;
        Files.createDirectories(installDir().getParent());
        Unpacker.deleteTree(installDir());
        Unpacker.unpackTarXzFromJar(verifiedJar, installDir());
    }

    /** The server log, created if missing (pg_ctl appends to it as the server's user). */
    private Path log() throws IOException {
        Files.createDirectories(home.pgLog().getParent());
        if (!Files.exists(home.pgLog())) Files.createFile(home.pgLog());
        return home.pgLog();
    }

    boolean initialized() {
        return Files.isRegularFile(home.pgData().resolve("PG_VERSION"));
    }

    /** Creates the cluster: SCRAM for every connection, the superuser's password from a file deleted right after. */
    void initdb(String superuserPassword) throws IOException {
        Path pwfile = home.local().resolve(".pwfile");
        Unpacker.deleteTree(home.pgData());
        Files.createDirectories(home.pgData());
        LocalState.writeOwnerOnly(pwfile, superuserPassword + "\n");
        try {
            processes.handOver(home.pgData(), pwfile, log());
            int code = processes.run(List.of(tool("initdb"), "-D", home.pgData().toString(), "-U", SUPERUSER,
                    "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C"), home.pgLog(), 300);
            if (code != 0) {
                Unpacker.deleteTree(home.pgData());
                throw failure("initdb failed (exit " + code + ")");
            }
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(home.pgData().resolve("postgresql.conf"), """

                # niknotes-setup local: reachable from this machine only, over TCP
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                password_encryption = 'scram-sha-256'
                """, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Starts the server and waits until it accepts connections. */
    void start(int port) throws IOException {
        Running stale = running().orElse(null);
        if (stale == null) Files.deleteIfExists(home.pgData().resolve("postmaster.pid")); // left by a crash or a reboot
        processes.handOver(home.pgData(), log());
        int code = processes.run(List.of(tool("pg_ctl"), "-D", home.pgData().toString(), "-l", home.pgLog().toString(),
                "-w", "-t", "120", "-o", "-p " + port, "start"), home.pgLog(), 150);
        if (code != 0) throw failure("PostgreSQL did not start on port " + port + " (pg_ctl exit " + code + ")");
    }

    /** Stops the server (fast mode: open sessions are ended, data is flushed). */
    void stop() throws IOException {
        int code = processes.run(List.of(tool("pg_ctl"), "-D", home.pgData().toString(), "-w", "-t", "120", "-m", "fast", "stop"),
                home.pgLog(), 150);
        if (code != 0 && running().isPresent()) throw failure("PostgreSQL did not stop (pg_ctl exit " + code + ")");
    }

    /** The running postmaster, from its {@code postmaster.pid} (pid, start time, port), if that process is alive. */
    Optional<Running> running() {
        Path pidFile = home.pgData().resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) return Optional.empty();
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) return Optional.empty();
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) return Optional.empty();
            String command = process.get().info().command().orElse("");
            if (!command.isEmpty() && !Path.of(command).getFileName().toString().startsWith("postgres")) return Optional.empty();
            return Optional.of(new Running(pid, Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim())),
                    Integer.parseInt(lines.get(3).trim())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "16.10" from {@code postgres --version}. */
    String version() throws IOException {
        String line = Processes.firstLine(List.of(tool("postgres"), "--version"));
        return line.replaceAll("^.*\\)\\s*", "");
    }

    private SetupException failure(String what) {
        return new SetupException(ExitCode.FAILED, what + "; last lines of " + home.pgLog() + ":\n" + tail(home.pgLog()),
                "read the log above; if the data directory is damaged, `niknotes-setup local destroy --yes` starts afresh (deletes the data)");
    }

    static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    record Running(long pid, Instant started, int port) {
    }
}
