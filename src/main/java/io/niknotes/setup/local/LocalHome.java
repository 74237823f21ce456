package io.niknotes.setup.local;

import io.niknotes.setup.config.Environment;

import java.nio.file.Path;

/**
 * Where {@code local} keeps everything: downloaded artifacts ({@code cache/}), unpacked server binaries,
 * and the private servers' data and state ({@code local/}). {@code NIKNOTES_HOME} overrides the default
 * ({@code ~/.niknotes}, on Windows {@code %LOCALAPPDATA%\niknotes}, for root on Unix {@code /var/lib/niknotes}).
 */
public record LocalHome(Path root) {
    public static LocalHome of(Environment environment) {
        String explicit = environment.get("NIKNOTES_HOME");
        if (explicit != null) return new LocalHome(environment.resolve(explicit));
        if (environment.isWindows() && environment.get("LOCALAPPDATA") != null) {
            return new LocalHome(Path.of(environment.get("LOCALAPPDATA"), "niknotes"));
        }
        // root's home is closed to other users, and PostgreSQL may have to run as one: use the system's data place
        if (!environment.isWindows() && Processes.isRoot()) return new LocalHome(Path.of("/var/lib/niknotes"));
        return new LocalHome(environment.home().resolve(".niknotes"));
    }

    public Path cache() {
        return root.resolve("cache");
    }

    /** Unpacked binaries of one server version, e.g. {@code postgres-16.10.0}. */
    public Path binaries(String name) {
        return root.resolve(name);
    }

    public Path local() {
        return root.resolve("local");
    }

    public Path pgData() {
        return local().resolve("pgdata");
    }

    public Path pgLog() {
        return local().resolve("postgres.log");
    }

    public Path redisDir() {
        return local().resolve("redis");
    }

    public Path stateFile() {
        return local().resolve("state.properties");
    }

    public Path lockFile() {
        return local().resolve(".lock");
    }
}
