package io.niknotes.setup.support;

import io.niknotes.setup.cli.NikNotesSetup;
import io.niknotes.setup.config.Environment;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the tool as a user does, with a chosen environment and directory, capturing stdout and stderr. */
public final class Cli {
    private final Map<String, String> variables = new HashMap<>();
    private final Path workingDirectory;

    public Cli(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        variables.put("PGPASSFILE", workingDirectory.resolve("no-such-pgpass").toString());
    }

    public Cli env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    public Result run(String... args) {
        Environment environment = new Environment(variables, workingDirectory, workingDirectory, false, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NikNotesSetup.commandLine(environment).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + "\n" + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }
}
