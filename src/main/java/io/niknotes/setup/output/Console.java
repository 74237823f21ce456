package io.niknotes.setup.output;

import io.niknotes.setup.outcome.Status;
import org.jline.jansi.Ansi;

import java.io.PrintWriter;

/**
 * Where a command's words go: results on {@code out}, diagnostics on {@code err}. Knows whether colour and
 * Unicode marks are wanted. Created per command run; never static.
 */
public final class Console {
    public enum Verbosity { QUIET, NORMAL, VERBOSE }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;
    private final boolean unicode;
    private final Verbosity verbosity;
    /** Clears a line being redrawn in place on stderr (a copy's progress), so that a result or a diagnostic starts on a line of its own. */
    private volatile Runnable clearRedrawnLine = () -> { };

    public Console(PrintWriter out, PrintWriter err, boolean colour, boolean unicode, Verbosity verbosity) {
        this.out = out;
        this.err = err;
        this.colour = colour;
        this.unicode = unicode;
        this.verbosity = verbosity;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean colour() {
        return colour;
    }

    public boolean verbose() {
        return verbosity == Verbosity.VERBOSE;
    }

    /** A result line on stdout. */
    public void result(String line) {
        clearRedrawnLine.run();
        out.println(text(line));
        out.flush();
    }

    /** Registers what clears the line redrawn in place on stderr; every result and diagnostic runs it first. */
    public void redrawnLine(Runnable clear) {
        clearRedrawnLine = clear;
    }

    /** Progress and information on stderr (hidden by -q). */
    public void info(String line) {
        if (verbosity == Verbosity.QUIET) return;
        clearRedrawnLine.run();
        err.println(text(line));
        err.flush();
    }

    /** Detail on stderr (only with -v). */
    public void debug(String line) {
        if (verbosity != Verbosity.VERBOSE) return;
        clearRedrawnLine.run();
        err.println(dim(text(line)));
        err.flush();
    }

    public void warn(String line) {
        clearRedrawnLine.run();
        err.println(paint(Status.WARN, mark(Status.WARN)) + " " + text(line));
        err.flush();
    }

    public void error(String line) {
        clearRedrawnLine.run();
        err.println(paint(Status.FAIL, mark(Status.FAIL)) + " " + text(line));
        err.flush();
    }

    /** The typographic marks the views use, in ASCII for a console that is not UTF-8 (or NIKNOTES_ASCII=1). */
    private static final String[][] ASCII = {{"·", "-"}, {"…", "..."}, {"→", "->"}, {"—", "--"}, {"–", "-"}, {"≥", ">="},
            {"≤", "<="}, {"•", "*"}, {"✓", "[ok]"}, {"✗", "[FAIL]"}, {"⚠", "[warn]"}, {"×", "x"}};

    /** The line as this console can show it: unchanged with Unicode, else with the views' marks in ASCII. */
    public String text(String line) {
        if (unicode || line == null) return line;
        String s = line;
        for (String[] pair : ASCII) s = s.replace(pair[0], pair[1]);
        return s;
    }

    public String mark(Status status) {
        return switch (status) {
            case OK -> unicode ? "✓" : "[ok]";
            case CHANGED -> unicode ? "✓" : "[changed]";
            case INFO -> unicode ? "•" : "[info]";
            case WARN -> unicode ? "⚠" : "[warn]";
            case FAIL -> unicode ? "✗" : "[FAIL]";
            case SKIPPED -> unicode ? "–" : "[skip]";
        };
    }

    public String paint(Status status, String text) {
        if (!colour) return text;
        Ansi a = Ansi.ansi();
        a = switch (status) {
            case OK, CHANGED -> a.fgGreen();
            case WARN -> a.fgYellow();
            case FAIL -> a.fgRed().bold();
            case INFO, SKIPPED -> a.fgBrightBlack();
        };
        return a.a(text).reset().toString();
    }

    public String bold(String text) {
        return colour ? Ansi.ansi().bold().a(text).reset().toString() : text;
    }

    public String dim(String text) {
        return colour ? Ansi.ansi().fgBrightBlack().a(text).reset().toString() : text;
    }
}
