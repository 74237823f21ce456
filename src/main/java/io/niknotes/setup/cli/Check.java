package io.niknotes.setup.cli;

import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.check.ReadinessCheck;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.drift.SchemaCheck;
import io.niknotes.setup.output.DriftView;
import io.niknotes.setup.config.SqliteLocation;
import io.niknotes.setup.output.FindingsView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "check", sortOptions = false,
        description = {"Check that PostgreSQL, Redis and the SQLite source are ready for NikNotes.",
                "Each finding says what was found and, for a problem, its likely cause and the fix."})
public final class Check implements Callable<Integer> {
    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--sqlite", paramLabel = "PATH", description = "The SQLite file to check (default: ./niknotes.db when present).")
    Path sqlite;
    @Option(names = "--schema", description = "Compare the app's schema with what the migrations build (exit 8 on drift; "
            + "`migrate repair-schema` repairs it).")
    boolean schema;
    @Option(names = "--migrations", paramLabel = "DIR", description = "With --schema: compare with the migrations in DIR instead of those in the jar.")
    Path migrations;

    @Override
    public Integer call() {
        Invocation inv = root.invocation(spec, server.output);
        Settings settings = inv.settings(server.postgres, server.redis);
        CheckReport readiness = new ReadinessCheck(inv.connectors()).run(settings, sqliteSource(inv, settings, sqlite), server.redis.required());
        SchemaCheck.Result drift = SchemaCheck.run(settings, inv.connectors().postgres(),
                migrations == null ? null : inv.environment().resolve(migrations.toString()), schema, readiness.findings());
        CheckReport report = new CheckReport(Stream.concat(readiness.findings().stream(), drift.findings().stream()).toList());
        if (inv.json()) {
            FindingsView.Document doc = FindingsView.json("check", report);
            inv.printJson(drift.report() == null ? doc : doc.withSchemaDrift(DriftView.json(drift.report())));
        } else {
            FindingsView.text(inv.console(), report);
        }
        return report.exitCode().code();
    }

    /** The SQLite file to look at (the shared rule): one named must exist; ./niknotes.db only when present. */
    static Path sqliteSource(Invocation inv, Settings settings, Path flag) {
        SqliteLocation at = SqliteLocation.find(inv.environment(), settings, flag, "--sqlite", "--sqlite PATH");
        return at.explicit() || at.exists() ? at.require() : null;
    }
}
