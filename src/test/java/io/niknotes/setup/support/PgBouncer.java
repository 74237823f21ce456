package io.niknotes.setup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PgBouncer (the Debian package {@code pgbouncer}) in front of the suite's PostgreSQL, on a free port, in
 * transaction mode with SCRAM: clients are checked against the server's own verifiers ({@code auth_query} as the
 * superuser), so roles that init creates later log in through it too. Stopped by a shutdown hook. A machine without
 * pgbouncer fails the test that asks for one, naming the package: a pooler test that skips proves nothing.
 */
public final class PgBouncer {
    /**
     * A login role listed in {@code stats_users} and in auth_file: it may read the admin console ({@code SHOW POOLS}).
     * A test that uses it creates it in PostgreSQL with {@link #STATS_PASSWORD} ({@code TestServers#ownedDatabase}).
     */
    public static final String STATS_USER = "pool_stats";
    public static final String STATS_PASSWORD = "pool-stats-Pw-" + Long.toHexString(System.nanoTime());
    /** In {@code stats_users} but not in auth_file: PostgreSQL alone knows its password (auth_query). */
    public static final String STATS_USER_WITHOUT_AUTH_FILE = "pool_stats_aq";
    private static PgBouncer instance;

    private final Process process;
    private final int port;
    private final Path log;

    private PgBouncer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static synchronized PgBouncer get(TestServers servers) {
        if (instance == null) {
            instance = start(servers, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroy));
        }
        return instance;
    }

    /**
     * A PgBouncer of the calling test's own, with these pgbouncer.ini settings over the suite's (auth_type, client TLS
     * files, ...); the test stops it with {@link #stop}.
     */
    public static PgBouncer startOwn(TestServers servers, Map<String, String> settings) {
        PgBouncer own = start(servers, settings);
        Runtime.getRuntime().addShutdownHook(new Thread(own.process::destroy));
        return own;
    }

    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public int port() {
        return port;
    }

    /** The app's URL through the pooler. */
    public String url(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** What pgbouncer logged, for a failure message. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path binary() {
        for (String candidate : new String[]{"/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"}) {
            if (Files.isExecutable(Path.of(candidate))) return Path.of(candidate);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pgbouncer"))) return Path.of(dir, "pgbouncer");
        }
        throw new AssertionError("pgbouncer is not installed: the pooler tests need a real PgBouncer (Debian/Ubuntu package "
                + "`pgbouncer`: apt-get install pgbouncer; .ci/run installs it when it runs as root)");
    }

    private static PgBouncer start(TestServers servers, Map<String, String> settings) {
        Path binary = binary();
        try {
            Path dir = Files.createTempDirectory("niknotes-test-pgbouncer");
            int port = freePort();
            Path log = dir.resolve("pgbouncer.log");
            Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"" + TestServers.PG_SUPERUSER_PASSWORD + "\"\n"
                    + "\"" + STATS_USER + "\" \"" + STATS_PASSWORD + "\"\n");
            Map<String, String> ini = new LinkedHashMap<>();
            ini.put("listen_addr", "127.0.0.1");
            ini.put("listen_port", Integer.toString(port));
            ini.put("unix_socket_dir", "");
            ini.put("pool_mode", "transaction");
            ini.put("auth_type", "scram-sha-256");
            ini.put("auth_file", dir.resolve("userlist.txt").toString());
            ini.put("auth_user", "postgres");
            ini.put("auth_query", "SELECT usename, passwd FROM pg_shadow WHERE usename=$1");
            ini.put("stats_users", STATS_USER + ", " + STATS_USER_WITHOUT_AUTH_FILE);
            ini.put("max_client_conn", "200");
            ini.put("default_pool_size", "20");
            ini.put("ignore_startup_parameters", "extra_float_digits");
            ini.put("logfile", log.toString());
            ini.put("pidfile", dir.resolve("pgbouncer.pid").toString());
            ini.putAll(settings);
            StringBuilder text = new StringBuilder("[databases]\n* = host=127.0.0.1 port=" + servers.pgPort() + "\n[pgbouncer]\n");
            ini.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
            Files.writeString(dir.resolve("pgbouncer.ini"), text);
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                // pgbouncer refuses to run as root: it drops to nobody, who must read the configuration and write the log
                for (Path p : List.of(dir, dir.resolve("userlist.txt"), dir.resolve("pgbouncer.ini"))) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-r--r--"));
                }
                command.addAll(List.of("-u", "nobody"));
            }
            command.add(dir.resolve("pgbouncer.ini").toString());
            // a watchdog shell: pgbouncer goes when this JVM goes, even when the JVM is halted without its shutdown hooks
            command.addAll(0, List.of("sh", "-c", "\"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 0' TERM INT; "
                    + "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
                    + "kill $child 2>/dev/null; wait $child", "pgbouncer-watchdog"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
            PgBouncer bouncer = new PgBouncer(process, port, log);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (!answers(port)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    process.destroy();
                    throw new AssertionError("pgbouncer did not start on port " + port + ": " + bouncer.log() + "\n"
                            + Files.readString(dir.resolve("stdout.txt")));
                }
                Thread.sleep(50);
            }
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
