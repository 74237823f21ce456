package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The private Redis: a redis-server binary taken from the embedded-redis jar, configured as the app's compose
 * file does (256 MB, allkeys-lru, no persistence), localhost only, with a password. The password lives in an
 * owner-only config file, never on the command line (where {@code ps} would show it).
 */
final class RedisServer {
    private final LocalHome home;
    private final Platform platform;

    RedisServer(LocalHome home, Platform platform) {
        this.home = home;
        this.platform = platform;
    }

    /** The binary's name inside the embedded-redis jar, which also gives its version. */
    String resource() {
        return switch (platform.toString()) {
            case "linux-amd64" -> "redis-server-6.2.6-v5-linux-amd64";
            case "linux-arm64" -> "redis-server-6.2.7-linux-arm64";
            case "darwin-amd64" -> "redis-server-6.2.6-v5-darwin-amd64";
            case "darwin-arm64" -> "redis-server-6.2.6-v5-darwin-arm64";
            default -> "redis-server-5.0.14.1-windows-amd64.exe";
        };
    }

    String version() {
        return resource().replaceAll("^redis-server-([0-9.]+).*$", "$1");
    }

    /** What the binary says it is ({@code redis-server --version}: "Redis server v=6.2.11 …"); the artifact's name lags. */
    String reportedVersion() {
        try {
            Process p = new ProcessBuilder(binary().toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("v=([0-9][0-9.]*)").matcher(out);
            return m.find() ? m.group(1) : version();
        } catch (IOException e) {
            return version();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return version();
        }
    }

    private Path binary() {
        return home.binaries("redis-" + version()).resolve(platform.executable("redis-server"));
    }

    boolean installed() {
        return Files.isRegularFile(binary());
    }

    void install(Path verifiedJar) throws IOException {
        if (!installed()) Unpacker.extractExecutable(verifiedJar, resource(), binary());
    }

    private Path pidFile() {
        return home.redisDir().resolve("redis.pid");
    }

    private Path logFile() {
        return home.redisDir().resolve("redis.log");
    }

    void start(int port, String password) throws IOException {
        Files.createDirectories(home.redisDir());
        Files.deleteIfExists(pidFile());
        Path config = home.redisDir().resolve("redis.conf");
        LocalState.writeOwnerOnly(config, String.join("\n",
                "port " + port, "bind 127.0.0.1", "protected-mode yes", "requirepass " + password,
                "maxmemory 256mb", "maxmemory-policy allkeys-lru", "save \"\"", "appendonly no",
                "dir " + quote(home.redisDir()), "logfile " + quote(logFile()), "pidfile " + quote(pidFile()),
                platform.windows() ? "" : "daemonize yes", ""));
        Process p = new ProcessBuilder(binary().toString(), config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Processes.nullFile())).start();
        if (platform.windows()) Files.writeString(pidFile(), Long.toString(p.pid()));
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (running().isPresent() && accepts(port)) return;
            if (!platform.windows() && !p.isAlive() && p.exitValue() != 0) break;
            sleep(50);
        }
        throw new SetupException(ExitCode.FAILED, "Redis did not start on port " + port + "; last lines of " + logFile() + ":\n"
                + PostgresServer.tail(logFile()), "read the log above, or start without Redis: --no-redis");
    }

    void stop() throws IOException {
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) return;
        process.get().destroy(); // SIGTERM: Redis shuts down cleanly (no persistence configured, nothing to save)
        try {
            process.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
        Files.deleteIfExists(pidFile());
    }

    /** The redis-server named by the pid file, if it is alive. */
    Optional<ProcessHandle> running() {
        try {
            if (!Files.isRegularFile(pidFile())) return Optional.empty();
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().command()
                    .map(c -> Path.of(c).getFileName().toString().startsWith("redis-server")).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) Duration.ofMillis(500).toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String quote(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(ExitCode.INTERRUPTED, "interrupted while waiting for Redis", null);
        }
    }
}
