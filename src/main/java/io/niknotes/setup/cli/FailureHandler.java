package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.output.ErrorView;
import io.niknotes.setup.output.Json;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Turns any failure into a message (what, why, fix) on stderr and a documented exit code; a stack trace only
 * with {@code --verbose}. With {@code --json} stdout still gets one JSON document describing the error.
 */
final class FailureHandler implements IExecutionExceptionHandler {
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
        if (json) printJson(cl, code, message, fix);
        return code.code();
    }

    /** A command line picocli could not parse: the message, suggestions and --help; with --json also the JSON document. */
    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String fix = "see `" + cl.getCommandSpec().qualifiedName() + " --help`";
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("  fix: " + fix);
        err.flush();
        // the parse failed, so the options are not known: any --json the user typed (before a `--`) counts
        if (Arrays.asList(args).subList(0, end(args)).contains("--json")) printJson(cl, ExitCode.USAGE, ex.getMessage(), fix);
        return ExitCode.USAGE.code();
    }

    private static int end(String[] args) {
        int i = Arrays.asList(args).indexOf("--");
        return i < 0 ? args.length : i;
    }

    private static void printJson(CommandLine cl, ExitCode code, String message, String fix) {
        cl.getOut().println(new Json().write(ErrorView.json(code, message, fix)));
        cl.getOut().flush();
    }

    private static boolean matched(ParseResult parse, String option) {
        for (ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) return true;
        }
        return false;
    }
}
