package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.drift.SchemaDrift;
import io.niknotes.setup.output.MigrateView;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.outcome.Outcome;
import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.provision.AppProbe;
import io.niknotes.setup.schema.IndexMaintenance;
import io.niknotes.setup.schema.SchemaMigrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "migrate", sortOptions = false,
        description = {"Apply the pending schema and index migrations, connected as the app's role (DATABASE_URL).",
                "A database the app created itself is adopted: baselined at V1, then the index migrations run."})
public final class Migrate implements Callable<Integer> {
    public static final String SCHEMA = MigrateView.SCHEMA;

    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;
    @Mixin
    PostgresOptions postgres;
    @Mixin
    MigrateOptions options;
    @Mixin
    OutputOptions output;

    private record Context(Invocation inv, DatabaseUrl app, PostgresConnector connector, SchemaMigrator migrator, boolean dryRun) {
        IndexMaintenance indexes() {
            return new IndexMaintenance(app, connector);
        }
    }

    @Override
    public Integer call() {
        Context ctx = context(postgres, options, output, false);
        SchemaMigrator.Outcome outcome = ctx.migrator().migrate(ctx.dryRun());
        List<StepResult> steps = new ArrayList<>(List.of(outcome.step()));
        if (!outcome.step().status().failed()) {
            steps.add(ctx.indexes().check());
            steps.add(new AppProbe(ctx.connector(), null).copyRecord(ctx.app()));
        }
        return steps(ctx, "migrate", steps);
    }

    @Command(name = "info", description = "List the migrations: version, description, state, when and by whom installed.")
    int info(@Mixin PostgresOptions pg, @Mixin MigrateOptions opts, @Mixin OutputOptions out) {
        Context ctx = context(pg, opts, out, true);
        List<SchemaMigrator.Row> rows = ctx.migrator().info();
        // an unfinished copy from SQLite is a failure every command names, this listing too
        StepResult copy = new AppProbe(ctx.connector(), null).copyRecord(ctx.app());
        List<StepResult> failed = copy.status().failed() ? List.of(copy) : List.of();
        if (ctx.inv().json()) ctx.inv().printJson(MigrateView.info(ctx.migrator().location(), rows, ctx.dryRun(), failed));
        else MigrateView.info(ctx.inv().console(), rows, failed);
        return Outcome.exitCode(failed).code();
    }

    @Command(name = "validate", description = "Check the applied migrations against the files (changed checksums, missing files).")
    int validate(@Mixin PostgresOptions pg, @Mixin MigrateOptions opts, @Mixin OutputOptions out) {
        Context ctx = context(pg, opts, out, true);
        List<String> problems = ctx.migrator().validate();
        StepResult step = problems.isEmpty() ? StepResult.ok("validate", "the applied migrations match " + ctx.migrator().location())
                : StepResult.fail("validate", String.join("; ", problems),
                "restore the original migration files, or point --migrations at them", ExitCode.FAILED);
        return steps(ctx, "migrate validate", List.of(step, new AppProbe(ctx.connector(), null).copyRecord(ctx.app())));
    }

    @Command(name = "undo-indexes", description = "Drop the performance indexes (the rollback of the index migrations); `migrate` builds them again.")
    int undoIndexes(@Mixin PostgresOptions pg, @Mixin MigrateOptions opts, @Mixin OutputOptions out) {
        Context ctx = context(pg, opts, out, false);
        return steps(ctx, "migrate undo-indexes", List.of(ctx.indexes().undo(ctx.migrator(), ctx.dryRun())));
    }

    @Command(name = "repair-indexes", description = "Rebuild the INVALID indexes a failed concurrent build left (REINDEX CONCURRENTLY); forget failed migrations.")
    int repairIndexes(@Mixin PostgresOptions pg, @Mixin MigrateOptions opts, @Mixin OutputOptions out) {
        Context ctx = context(pg, opts, out, false);
        List<StepResult> steps = new ArrayList<>(List.of(ctx.indexes().repair(ctx.dryRun())));
        if (!ctx.dryRun()) steps.add(ctx.indexes().check());
        return steps(ctx, "migrate repair-indexes", steps);
    }

    @Command(name = "repair-schema", description = {"Run the SQL that brings the schema back to what the migrations build "
            + "(the differences `check --schema` lists); --dry-run prints it.", "Extra objects are kept; what cannot be repaired without "
            + "losing data is left and reported."})
    int repairSchema(@Mixin PostgresOptions pg, @Mixin MigrateOptions opts, @Mixin OutputOptions out) {
        Context ctx = context(pg, opts, out, false);
        return steps(ctx, "migrate repair-schema", List.of(new SchemaDrift(ctx.app(), ctx.connector(), ctx.migrator()).repair(ctx.dryRun()).step()));
    }

    private Context context(PostgresOptions pg, MigrateOptions opts, OutputOptions out, boolean readOnly) {
        Invocation inv = root.invocation(spec, out);
        Settings settings = inv.settings(pg, null);
        PostgresConnector connector = inv.connectors().postgres();
        // what changes the schema runs under Flyway's session lock: DIRECT_URL's server, never through a pooler
        DatabaseUrl target = readOnly ? settings.app() : connector.forSession(settings, "migrate");
        DatabaseUrl app = connector.authenticated(target); // Flyway logs in with the URL's password
        SchemaMigrator migrator = new SchemaMigrator(app, connector,
                opts.migrations == null ? null : inv.environment().resolve(opts.migrations.toString()));
        return new Context(inv, app, connector, migrator, opts.dryRun);
    }

    private int steps(Context ctx, String command, List<StepResult> steps) {
        if (ctx.inv().json()) {
            ctx.inv().printJson(MigrateView.steps(command, ctx.dryRun(), ctx.migrator().location(), ctx.app().redacted(), steps));
        } else {
            MigrateView.steps(ctx.inv().console(), steps, ctx.dryRun());
        }
        return Outcome.exitCode(steps).code();
    }
}
