package io.niknotes.setup.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the tool sees of the machine it runs on. Passed explicitly (never read from statics) so that tests
 * can run a command with any environment, directory and terminal state.
 */
public record Environment(Map<String, String> variables, Path workingDirectory, Path home,
                          boolean stdinIsTerminal, boolean stdoutIsTerminal) {
    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment current() {
        boolean console = System.console() != null;
        return new Environment(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                console, console);
    }

    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    }

    public Path pgpassFile() {
        String explicit = get("PGPASSFILE");
        if (explicit != null) return Path.of(explicit);
        if (isWindows() && get("APPDATA") != null) return Path.of(get("APPDATA"), "postgresql", "pgpass.conf");
        return home.resolve(".pgpass");
    }

    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }
}
