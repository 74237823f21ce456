package io.niknotes.setup.cli;

import io.niknotes.setup.config.Environment;
import io.niknotes.setup.config.PasswordPrompt;
import io.niknotes.setup.connect.Connectors;
import io.niknotes.setup.local.LocalCluster;
import io.niknotes.setup.local.LocalDefaults;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.config.SettingsResolver;
import io.niknotes.setup.output.Console;
import io.niknotes.setup.output.CopyProgress;
import io.niknotes.setup.output.TerminalWidth;
import io.niknotes.setup.output.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;

/**
 * What one command run works with: its environment, its console, its settings and the {@link Connectors} every
 * connection of the run comes from. Built by each command.
 */
public final class Invocation {
    private final Environment environment;
    private final Console console;
    private final OutputOptions output;
    private Connectors connectors;

    Invocation(Environment environment, CommandSpec spec, OutputOptions output) {
        this.environment = environment;
        this.output = output;
        boolean colour = colourWanted(environment, output);
        Console.Verbosity verbosity = output.verbose ? Console.Verbosity.VERBOSE
                : output.quiet ? Console.Verbosity.QUIET : Console.Verbosity.NORMAL;
        this.console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), colour, unicode(environment), verbosity);
    }

    /** Colour only on a terminal, never with NO_COLOR, --no-color or --json. */
    static boolean colourWanted(Environment environment, OutputOptions output) {
        return environment.stdoutIsTerminal() && environment.get("NO_COLOR") == null && !output.noColor && !output.json;
    }

    static boolean unicode(Environment environment) {
        if (environment.get("NIKNOTES_ASCII") != null) return false;
        String enc = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name()));
        return enc.toUpperCase(Locale.ROOT).replace("-", "").contains("UTF8");
    }

    public Environment environment() {
        return environment;
    }

    /** A copy's progress on stderr: redrawn to this terminal's width, plain lines when not a terminal, silent with --json or -q. */
    CopyProgress copyProgress(boolean quiet) {
        return new CopyProgress(console, environment.stdoutIsTerminal(), json() || quiet,
                new TerminalWidth(environment.variables(), environment.isWindows()));
    }

    public Console console() {
        return console;
    }

    public boolean json() {
        return output.json;
    }

    /** Resolves the layered settings, tells the user about risky ones (on stderr) and makes the run's connectors. */
    public Settings settings(PostgresOptions postgres, RedisOptions redis) {
        Settings settings = new SettingsResolver(environment).resolve(postgres.flags(redis));
        LocalCluster cluster = LocalCluster.of(environment, console::info);
        Settings onPrivate = LocalDefaults.byDefault(settings, cluster.current());
        if (onPrivate != null) {
            console.debug("nothing names an administrator and a private cluster exists in " + cluster.home().root()
                    + ": using it (`niknotes-setup local status` shows it)");
            settings = onPrivate;
        }
        connectors = Connectors.of(settings, passwordPrompt());
        settings.warnings().forEach(console::warn);
        console.debug(settings.credentials().envFile() == null
                ? "no .env file in " + environment.workingDirectory() + " or above"
                : "read " + settings.credentials().envFile());
        console.debug("settings: DATABASE_URL=" + settings.app().redacted() + " (" + settings.origins().get("DATABASE_URL") + "), "
                + "NIKNOTES_ADMIN_URL=" + settings.admin().redacted() + " (" + settings.origins().get("NIKNOTES_ADMIN_URL") + "), "
                + (settings.direct() == null ? "" : "DIRECT_URL=" + settings.direct().redacted() + " (" + settings.origins().get("DIRECT_URL") + "), ")
                + "REDIS_URL=" + settings.redis().redacted() + " (" + settings.origins().get("REDIS_URL") + ")");
        return settings;
    }

    /** Prints a JSON document on stdout. */
    public void printJson(Object document) {
        console.result(new Json().write(document));
    }

    /** The connections of this run (made with its settings): one prompt policy, one timeout, one missing-password error. */
    public Connectors connectors() {
        if (connectors == null) throw new IllegalStateException("settings(...) makes the connectors: call it first");
        return connectors;
    }

    /**
     * Asks for a password on the terminal, or returns null when nobody can be asked: stdin is not a terminal, the
     * output is JSON for a program, or CI is set.
     */
    public char[] promptPassword(String prompt) {
        if (!environment.stdinIsTerminal() || System.console() == null || output.json || environment.get("CI") != null) return null;
        return System.console().readPassword("%s", prompt);
    }

    private PasswordPrompt passwordPrompt() {
        return question -> Optional.ofNullable(promptPassword(question)).map(String::new);
    }
}
