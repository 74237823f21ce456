package io.niknotes.setup.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Flags of {@code migrate} and its subcommands. */
public final class MigrateOptions {
    @Option(names = "--dry-run", description = "Print the statements it would run and change nothing.")
    boolean dryRun;

    @Option(names = "--migrations", paramLabel = "DIR", description = "Use the migrations in DIR instead of those in the jar.")
    Path migrations;
}
