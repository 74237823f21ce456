package io.niknotes.setup.cli;

import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.check.ReadinessCheck;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.output.FindingsView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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

    @Override
    public Integer call() {
        Invocation inv = root.invocation(spec, server.output);
        Settings settings = inv.settings(server.postgres, server.redis);
        CheckReport report = new ReadinessCheck(inv.passwordPrompt()).run(settings, sqliteSource(inv, settings, sqlite), server.redis.required());
        if (inv.json()) {
            inv.printJson(FindingsView.json("check", report));
        } else {
            FindingsView.text(inv.console(), report);
        }
        return report.exitCode().code();
    }

    /** The SQLite file to look at: the flag, else DATABASE_URL=sqlite:///…, else ./niknotes.db if present. */
    static Path sqliteSource(Invocation inv, Settings settings, Path flag) {
        if (flag != null) return inv.environment().resolve(flag.toString());
        if (settings.sqliteSource() != null) return settings.sqliteSource();
        Path here = inv.environment().workingDirectory().resolve("niknotes.db");
        return Files.exists(here) ? here : null;
    }
}
