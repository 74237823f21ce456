package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "init", description = "Provision the database, the app user and the schema (not implemented yet).")
public final class Init implements Callable<Integer> {
    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;
    @Mixin
    PostgresOptions postgres;
    @Mixin
    RedisOptions redis;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        throw new SetupException(ExitCode.FAILED, "`init` is not implemented yet in this version",
                "run `niknotes-setup check` meanwhile; follow the README for progress");
    }
}
