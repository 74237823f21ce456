package io.niknotes.setup.cli;

import picocli.CommandLine.Option;

/** Output flags every command takes. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON document on stdout (logs go to stderr).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print only results and errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print details, and stack traces on errors.")
    boolean verbose;

    @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set or stdout is not a terminal).")
    boolean noColor;

    public boolean json() {
        return json;
    }
}
