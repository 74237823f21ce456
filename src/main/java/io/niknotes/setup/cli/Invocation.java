package io.niknotes.setup.cli;

import io.niknotes.setup.config.Environment;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.config.SettingsResolver;
import io.niknotes.setup.output.Console;
import io.niknotes.setup.output.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.Charset;
import java.util.Locale;

/** What one command run works with: its environment, its console, its settings. Built by each command. */
public final class Invocation {
    private final Environment environment;
    private final Console console;
    private final OutputOptions output;

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

    public Console console() {
        return console;
    }

    public boolean json() {
        return output.json;
    }

    /** Resolves the layered settings and tells the user about risky ones (on stderr). */
    public Settings settings(PostgresOptions postgres, RedisOptions redis) {
        Settings settings = new SettingsResolver(environment).resolve(postgres.flags(redis));
        settings.warnings().forEach(console::warn);
        console.debug("settings: DATABASE_URL=" + settings.app().redacted() + " (" + settings.origins().get("DATABASE_URL") + "), "
                + "NIKNOTES_ADMIN_URL=" + settings.admin().redacted() + " (" + settings.origins().get("NIKNOTES_ADMIN_URL") + "), "
                + "REDIS_URL=" + settings.redis().redacted() + " (" + settings.origins().get("REDIS_URL") + ")");
        return settings;
    }

    /** Prints a JSON document on stdout. */
    public void printJson(Object document) {
        console.result(new Json().write(document));
    }

    /** Asks for a password on the terminal, or returns null when not interactive (stdin is not a terminal). */
    public char[] promptPassword(String prompt) {
        if (!environment.stdinIsTerminal() || System.console() == null) return null;
        return System.console().readPassword("%s", prompt);
    }

    /** The prompt the PostgreSQL connector uses when a server wants a password nobody configured. */
    public io.niknotes.setup.postgres.PostgresConnector.PasswordPrompt passwordPrompt() {
        return question -> java.util.Optional.ofNullable(promptPassword(question)).map(String::new);
    }
}
