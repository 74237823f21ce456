package io.niknotes.setup.output;

import io.niknotes.setup.copy.CopyListener;
import io.niknotes.setup.copy.TableResult;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Shows a copy's progress on stderr: on a terminal one status line redrawn in place (per running table: percent,
 * rows/s, ETA), always shorter than the terminal is wide so that it never wraps and leaves no stale half-line behind
 * (tables abbreviated as the width requires); otherwise (CI logs) a plain line per table every few seconds. Silent
 * with --quiet or --json.
 */
public final class CopyProgress implements CopyListener {
    private static final long TERMINAL_EVERY_NANOS = 200_000_000L;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final Console console;
    private final boolean terminal;
    private final boolean silent;
    private final IntSupplier width;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private long lastDraw;
    private boolean lineOpen;

    static final class Running {
        final long expected;
        final long start = System.nanoTime();
        long done;
        long lastPlain = System.nanoTime();

        Running(long expected) {
            this.expected = expected;
        }
    }

    /** With a terminal of the fallback width (80 columns). */
    public CopyProgress(Console console, boolean terminal, boolean silent) {
        this(console, terminal, silent, () -> TerminalWidth.FALLBACK);
    }

    /** @param width the terminal's width in columns, asked before each redraw */
    public CopyProgress(Console console, boolean terminal, boolean silent, IntSupplier width) {
        this.width = width;
        this.console = console;
        // a warning printed while the line is drawn (Ctrl-C's message) starts on a line of its own
        console.redrawnLine(this::clearLine);
        this.err = console.err();
        this.terminal = terminal;
        this.silent = silent;
    }

    @Override
    public synchronized void phase(String description) {
        if (silent) return;
        clearLine();
        console.info(description + " …");
    }

    @Override
    public synchronized void notice(String message) {
        clearLine();
        console.info(message);
    }

    @Override
    public synchronized void tableStarted(String table, long expectedRows) {
        running.put(table, new Running(expectedRows));
    }

    @Override
    public synchronized void tableProgress(String table, long rowsDone) {
        Running r = running.get(table);
        if (r == null || silent) return;
        r.done = rowsDone;
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDraw < TERMINAL_EVERY_NANOS) return;
            lastDraw = now;
            err.print("\r\u001b[2K" + fit(running, width.getAsInt() - 1));
            err.flush();
            lineOpen = true;
        } else if (now - r.lastPlain >= PLAIN_EVERY_NANOS) {
            r.lastPlain = now;
            console.info("  " + describe(table, r));
        }
    }

    @Override
    public synchronized void tableFinished(TableResult result) {
        running.remove(result.table());
        if (silent) return;
        clearLine();
        String verb = switch (result.status()) {
            case RESUMED -> "already loaded by the interrupted run:";
            case FAILED -> "failed:";
            default -> "loaded";
        };
        console.info("  " + result.table() + " " + verb + " " + result.loaded() + " row(s)"
                + (result.rejected() > 0 ? ", " + result.rejected() + " rejected" : "")
                + (result.status() == TableResult.Status.FAILED ? " (" + result.detail() + ")" : "")
                + String.format(Locale.ROOT, " in %.1f s", result.seconds()));
    }

    /** Ends the progress line, if one is open. */
    public synchronized void done() {
        clearLine();
    }

    private synchronized void clearLine() {
        if (lineOpen) {
            err.print("\r\u001b[2K");
            err.flush();
            lineOpen = false;
        }
    }

    /**
     * The running tables in at most {@code columns} characters: in full, else without bar and rate, else name and
     * percent only, else cut with an ellipsis.
     */
    static String fit(Map<String, Running> tables, int columns) {
        String line = "";
        for (int detail = 2; detail >= 0; detail--) {
            StringBuilder b = new StringBuilder();
            for (var e : tables.entrySet()) b.append(b.length() == 0 ? "" : "  ").append(describe(e.getKey(), e.getValue(), detail));
            line = b.toString();
            if (line.length() <= columns) return line;
        }
        return columns <= 1 ? "" : line.substring(0, columns - 1) + "…";
    }

    private static String describe(String table, Running r) {
        return describe(table, r, 2);
    }

    private static String describe(String table, Running r, int detail) {
        double seconds = Math.max(1e-3, (System.nanoTime() - r.start) / 1e9);
        double rate = r.done / seconds;
        int percent = r.expected == 0 ? 100 : (int) Math.min(100, r.done * 100 / r.expected);
        String eta = rate > 0 && r.expected > r.done ? String.format(Locale.ROOT, " ETA %ds", (long) ((r.expected - r.done) / rate)) : "";
        return switch (detail) {
            case 2 -> String.format(Locale.ROOT, "%s %s %d%% %,d/%,d %s rows/s%s", table, bar(percent), percent, r.done, r.expected, human(rate), eta);
            case 1 -> String.format(Locale.ROOT, "%s %d%% %s/%s%s", table, percent, human(r.done), human(r.expected), eta);
            default -> String.format(Locale.ROOT, "%s %d%%", table, percent);
        };
    }

    private static String bar(int percent) {
        int filled = percent / 10;
        return "[" + "#".repeat(filled) + "-".repeat(10 - filled) + "]";
    }

    private static String human(double rate) {
        if (rate >= 1e6) return String.format(Locale.ROOT, "%.1fM", rate / 1e6);
        if (rate >= 1e3) return String.format(Locale.ROOT, "%.0fk", rate / 1e3);
        return String.format(Locale.ROOT, "%.0f", rate);
    }
}
