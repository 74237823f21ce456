package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.output.Json;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns any failure into a message (what, why, fix) on stderr and a documented exit code; a stack trace only
 * with {@code --verbose}. With {@code --json} stdout still gets one JSON document describing the error.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    public static final String ERROR_SCHEMA = "niknotes-setup.error/1";
    private final Environment environment;

    FailureHandler(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parse) {
        boolean verbose = matched(parse, "--verbose");
        boolean json = matched(parse, "--json");
        PrintWriter err = cl.getErr();
        ExitCode code;
        String message;
        String fix = null;
        if (ex instanceof SetupException s) {
            code = s.exitCode();
            message = s.getMessage();
            fix = s.fix();
        } else {
            code = ExitCode.FAILED;
            message = "unexpected error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
            fix = "run again with --verbose and report the output (passwords are never printed)";
        }
        err.println("error: " + message);
        if (fix != null) err.println("  fix: " + fix);
        if (verbose) {
            ex.printStackTrace(err);
        } else if (ex.getCause() != null && ex instanceof SetupException) {
            err.println("  (details with --verbose)");
        }
        err.flush();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", ERROR_SCHEMA);
            doc.put("status", "error");
            doc.put("exit_code", code.code());
            doc.put("error", message);
            if (fix != null) doc.put("fix", fix);
            cl.getOut().println(new Json().write(doc));
            cl.getOut().flush();
        }
        return code.code();
    }

    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("  fix: see `" + cl.getCommandSpec().qualifiedName() + " --help`");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static boolean matched(ParseResult parse, String option) {
        for (ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) return true;
        }
        return false;
    }
}
