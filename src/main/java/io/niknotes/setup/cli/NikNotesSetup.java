package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.Environment;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@Command(name = "niknotes-setup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Take NikNotes from a SQLite file on a laptop to PostgreSQL + Redis: provisioned, indexed and verified."},
        footerHeading = "%nConfiguration%n",
        footer = {"  Precedence: defaults < .env file < environment < flags, for passwords too",
                "    (whichever URL carried the lower one).",
                "  .env: the nearest one from the working directory up (as the app's",
                "    python-dotenv finds it), or --env-file FILE; -v names it.",
                "  Servers: of DATABASE_URL and NIKNOTES_ADMIN_URL, one not given is on the",
                "    other's server. When a private cluster (`niknotes-setup local`) exists",
                "    and nothing names an administrator, it is used; -v says so.",
                "  Poolers: when DATABASE_URL goes through PgBouncer or a pooled port,",
                "    DIRECT_URL (or --direct-url) names the server itself for init,",
                "    migrate and migrate-from-sqlite; .env keeps the pooled DATABASE_URL.",
                "  A missing password is asked for on a terminal (not with --json or CI),",
                "    else exit code 4 names every place it may come from.",
                "  Settings: DATABASE_URL, NIKNOTES_ADMIN_URL, DIRECT_URL, REDIS_URL,",
                "    REDIS_PASSWORD,",
                "    NIKNOTES_DB_PASSWORD, PGPASSWORD, PGPASSFILE (~/.pgpass),",
                "    NIKNOTES_CONNECT_TIMEOUT.",
                "  NO_COLOR turns colours off.",
                "  Run `niknotes-setup COMMAND --help` for a command's options."})
public final class NikNotesSetup implements Runnable {
    /**
     * The commands, by the name their {@code @Command} gives, in the order the help lists them. Not in
     * {@code @Command(subcommands)}: picocli builds every listed command's model by reflection up front, which was half
     * of the start-up time of a run that needs one command.
     */
    private static final Map<String, Class<?>> COMMANDS = commands();
    private final Environment environment;
    @Spec
    CommandSpec spec;

    public NikNotesSetup(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Invocation invocation(CommandSpec commandSpec, OutputOptions output) {
        return new Invocation(environment, commandSpec, output);
    }

    /** The whole command line, every command in it, with its handlers wired. */
    public static CommandLine commandLine(Environment environment) {
        return commandLine(environment, COMMANDS.keySet());
    }

    /**
     * The command line that these arguments need, with its handlers wired: what {@code Main} and the tests execute. A run
     * of one command builds only that command; {@code --version} builds none. The top-level help, the completion script
     * and a mistyped command name (whose message suggests the nearest names) get them all.
     */
    public static CommandLine commandLine(Environment environment, String... args) {
        if (VersionProvider.onlyAsked(args)) return commandLine(environment, Set.of());
        if (args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("generate-completion")) {
            return commandLine(environment, Set.of(args[0]));
        }
        return commandLine(environment, COMMANDS.keySet());
    }

    private static CommandLine commandLine(Environment environment, Set<String> names) {
        CommandLine cl = new CommandLine(new NikNotesSetup(environment));
        COMMANDS.forEach((name, command) -> {
            if (names.contains(name)) cl.addSubcommand(name, command);
        });
        withHelpEverywhere(cl);
        Examples.addTo(cl);
        HelpLayout.addTo(cl);
        // help fits the terminal it is shown in (80 columns when that is not known)
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler(new FailureHandler(environment));
        cl.setParameterExceptionHandler(FailureHandler::usage);
        cl.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes%n")
                .exitCodeList(Arrays.stream(ExitCode.values()).collect(Collectors.toMap(
                        e -> String.format("  %3d", e.code()), ExitCode::meaning, (a, b) -> a, java.util.LinkedHashMap::new)));
        return cl;
    }

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put("check", Check.class);
        byName.put("init", Init.class);
        byName.put("migrate", Migrate.class);
        byName.put("migrate-from-sqlite", MigrateFromSqlite.class);
        byName.put("stats", Stats.class);
        byName.put("local", Local.class);
        byName.put("generate-completion", AutoComplete.GenerateCompletion.class);
        return Collections.unmodifiableMap(byName);
    }

    /** Every command and subcommand answers -h/--help (and -V/--version), whether or not its class asked for it. */
    private static void withHelpEverywhere(CommandLine cl) {
        if (cl.getCommandSpec().findOption("--help") == null) cl.getCommandSpec().mixinStandardHelpOptions(true);
        cl.getSubcommands().values().forEach(NikNotesSetup::withHelpEverywhere);
    }
}
