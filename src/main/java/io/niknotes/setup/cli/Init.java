package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.check.ReadinessCheck;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.copy.CopyListener;
import io.niknotes.setup.copy.InitCopyStep;
import io.niknotes.setup.copy.Interruption;
import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.config.SqliteLocation;
import io.niknotes.setup.local.LocalCluster;
import io.niknotes.setup.local.LocalDefaults;
import io.niknotes.setup.local.LocalServers;
import io.niknotes.setup.output.CopyProgress;
import io.niknotes.setup.output.InitView;
import io.niknotes.setup.output.StatsView;
import io.niknotes.setup.stats.StatsCollector;
import io.niknotes.setup.stats.StatsOptions;
import io.niknotes.setup.postgres.Identifiers;
import io.niknotes.setup.provision.Initializer;
import io.niknotes.setup.provision.Passwords;
import io.niknotes.setup.provision.SqliteCopyHook;
import io.niknotes.setup.provision.SummaryHook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init", sortOptions = false,
        description = {"Provision PostgreSQL for NikNotes: the app role, its database, ownership and privileges, the schema "
                + "and its indexes; copy the SQLite data; test the app's connection and Redis; write .env.",
                "Safe to run again: a second run changes nothing. Concurrent runs wait for each other."})
public final class Init implements Callable<Integer> {
    public static final String SCHEMA = InitView.SCHEMA;

    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--db-name", paramLabel = "NAME", description = "The app's database.  default: the database in DATABASE_URL (niknotes_db)")
    String dbName;
    @Option(names = "--db-user", paramLabel = "NAME", description = "The app's role.  default: the user in DATABASE_URL (niknotes_user)")
    String dbUser;
    @Option(names = "--reset-password", description = "Give an existing app role a new password (the configured one, else the prompt, else generated).")
    boolean resetPassword;
    @Option(names = "--dry-run", description = "Print every statement it would run (passwords masked) and change nothing.")
    boolean dryRun;
    @Option(names = "--migrations", paramLabel = "DIR", description = "Apply the migrations in DIR instead of those in the jar.")
    Path migrations;
    @Option(names = "--from-sqlite", paramLabel = "PATH", description = "Copy this SQLite file (default: ./niknotes.db when present and confirmed with --yes).")
    Path fromSqlite;
    @Option(names = "--no-env-file", description = "Do not write DATABASE_URL and REDIS_URL into the .env file.")
    boolean noEnvFile;
    @Option(names = "--local", description = "Start the private PostgreSQL and Redis of `niknotes-setup local` (if needed) and provision them.")
    boolean local;
    @Option(names = "--no-redis", description = "With --local: no private Redis (the app runs without its cache).")
    boolean noRedis;
    @Option(names = {"-y", "--yes"}, description = "Answer yes: copy ./niknotes.db when found.")
    boolean yes;

    @Override
    public Integer call() {
        Invocation inv = root.invocation(spec, server.output);
        Settings settings = inv.settings(server.postgres, server.redis);
        if (local) settings = onLocalServers(inv, settings);
        String user = Identifiers.validate(dbUser != null ? dbUser : settings.app().user(), dbUser != null ? "--db-user" : "the user in DATABASE_URL");
        String db = Identifiers.validate(dbName != null ? dbName : settings.app().database(), dbName != null ? "--db-name" : "the database in DATABASE_URL");
        Settings target = settings.withApp(settings.app().withUser(user).withDatabase(db));
        SqliteLocation found = sqliteSource(inv, target);
        Path source = found != null && (found.explicit() || yes) ? found.require() : null;
        Path unconfirmed = found != null && source == null ? found.require() : null;

        CheckReport checks = new ReadinessCheck(inv.connectors()).run(target, source, server.redis.required(), !dryRun);
        List<Finding> blockers = checks.findings().stream().filter(f -> f.status().failed())
                .filter(f -> !(f.area().equals("postgres") && (f.check().equals("auth.app") || f.check().equals("copy") && source != null)))
                .toList();
        if (!blockers.isEmpty()) {
            ExitCode code = new CheckReport(blockers).exitCode();
            if (inv.json()) inv.printJson(InitView.stopped(checks, code));
            else InitView.stopped(inv.console(), checks);
            return code.code();
        }

        Initializer.Request request = new Initializer.Request(target, resetPassword, dryRun, migrations == null ? null
                : inv.environment().resolve(migrations.toString()), source, unconfirmed, !noEnvFile);
        Initializer.Report report = new Initializer(inv.connectors(), copyStep(inv), inv.console()::info)
                .run(request, checks, () -> password(inv, target, user));
        if (report.exitCode() == ExitCode.OK && !dryRun && changedTheDatabase(report)) baseline(inv, target.withApp(report.app()));
        List<String> statistics = report.exitCode() == ExitCode.OK && !dryRun ? statistics(inv).statistics(target.withApp(report.app())) : List.of();
        // init repairs what auth.app found (a missing role or database, or a password to reset): not a failure here
        // and an unfinished copy is finished by the copy step when a source is given
        List<Finding> shown = checks.findings().stream().map(f -> f.check().equals("auth.app")
                || f.check().equals("copy") && source != null ? f.asWarning() : f).toList();
        if (inv.json()) inv.printJson(InitView.json(report, shown, dryRun, statistics));
        else InitView.text(inv.console(), report, shown, dryRun, server.output.verbose, statistics);
        return report.exitCode().code();
    }

    /** Step 5: the copy engine of migrate-from-sqlite, its rejects beside the .env, its progress on stderr. */
    private SqliteCopyHook copyStep(Invocation inv) {
        Path rejects = inv.environment().workingDirectory().resolve("niknotes-rejects.jsonl");
        return new SqliteCopyHook() {
            @Override
            public StepResult copy(Settings settings, Path source, boolean dryRun) {
                CopyProgress progress = inv.copyProgress(server.output.quiet);
                try {
                    Interruption interruption = new Interruption();
                    try (StopOnSignal signals = StopOnSignal.install(interruption, inv.console())) {
                        return new InitCopyStep(rejects, progress, inv.connectors().postgres(), interruption).copy(settings, source, dryRun);
                    }
                } finally {
                    progress.done();
                }
            }

            @Override
            public StepResult unconfirmed(Settings settings, Path source) {
                return new InitCopyStep(rejects, CopyListener.NONE, inv.connectors().postgres()).unconfirmed(settings, source);
            }
        };
    }

    /** init --local: the private servers replace the configured administrator, host and port, and Redis. */
    private Settings onLocalServers(Invocation inv, Settings settings) {
        var options = LocalCluster.StartOptions.defaults();
        if (noRedis) options = new LocalCluster.StartOptions(options.postgresJar(), options.redisJar(), false, options.pgPort(), options.redisPort());
        LocalServers servers = LocalCluster.of(inv.environment(), inv.console()::info).start(options);
        inv.console().info("local PostgreSQL " + servers.postgresVersion() + " at " + servers.admin().hostAndPort()
                + (servers.redis() == null ? "" : ", Redis at " + servers.redis().hostAndPort()));
        return LocalDefaults.on(settings, servers);
    }

    /** A run that created the database, applied migrations, built indexes or copied data: its scans are not the app's. */
    private static boolean changedTheDatabase(Initializer.Report report) {
        return report.steps().stream().anyMatch(s -> s.status() == Status.CHANGED
                && List.of("database", "migrations", "indexes", "sqlite-copy").contains(s.step()));
    }

    /** Stats counts the app's activity from the end of this run (see stats' Baseline). */
    private static void baseline(Invocation inv, Settings settings) {
        try {
            StatsCollector.recordBaseline(settings, inv.connectors(), "init");
        } catch (SetupException e) {
            inv.console().warn("the statistics baseline was not recorded (" + e.getMessage() + "): `stats` will count init's own scans");
        }
    }

    /** Step 8: the short form of `stats`, as the app role sees it. */
    private static SummaryHook statistics(Invocation inv) {
        return settings -> {
            try {
                return StatsView.informationLines(inv.console(), StatsCollector.collect(settings, inv.connectors(), StatsOptions.defaults()));
            } catch (SetupException e) {
                return List.of("statistics unavailable: " + e.getMessage());
            }
        };
    }

    private static Initializer.Password password(Invocation inv, Settings settings, String user) {
        if (settings.app().hasPassword()) {
            return new Initializer.Password(settings.app().password(), settings.origins().getOrDefault("app password", "DATABASE_URL"));
        }
        char[] typed = inv.promptPassword("Password for the PostgreSQL role " + user + " (empty: generate one): ");
        if (typed != null && typed.length > 0) return new Initializer.Password(new String(typed), "the prompt");
        return new Initializer.Password(new Passwords(new SecureRandom()).generate(), "generated");
    }

    /** The shared rule: a file named must exist; ./niknotes.db is copied when present and confirmed with --yes. */
    private SqliteLocation sqliteSource(Invocation inv, Settings settings) {
        SqliteLocation at = SqliteLocation.find(inv.environment(), settings, fromSqlite, "--from-sqlite", "--from-sqlite PATH");
        if (at.explicit()) at.require();
        return at.explicit() || at.exists() ? at : null;
    }
}
