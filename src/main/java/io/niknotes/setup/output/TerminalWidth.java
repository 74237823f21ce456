package io.niknotes.setup.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The width of the terminal that stderr shows on, for lines redrawn in place: {@code COLUMNS} when set, else the
 * terminal itself ({@code stty size} on the controlling terminal; the Windows console through jansi), else 80.
 * Asked again at most every two seconds, so a resized window is followed.
 */
public final class TerminalWidth implements IntSupplier {
    public static final int FALLBACK = 80;
    private static final long REFRESH_NANOS = 2_000_000_000L;

    private final Map<String, String> environment;
    private final boolean windows;
    private int width;
    private long askedAt;

    public TerminalWidth(Map<String, String> environment, boolean windows) {
        this.environment = environment;
        this.windows = windows;
    }

    @Override
    public synchronized int getAsInt() {
        long now = System.nanoTime();
        if (width == 0 || now - askedAt > REFRESH_NANOS) {
            width = ask();
            askedAt = now;
        }
        return width;
    }

    private int ask() {
        Integer columns = positive(environment.get("COLUMNS"));
        if (columns != null) return columns;
        try {
            if (windows) {
                int w = org.jline.jansi.AnsiConsole.out().getTerminalWidth();
                return w > 0 ? w : FALLBACK;
            }
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return FALLBACK;
            }
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            Integer w = rowsCols.length == 2 ? positive(rowsCols[1]) : null;
            return w != null ? w : FALLBACK;
        } catch (IOException | RuntimeException | LinkageError e) {
            return FALLBACK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FALLBACK;
        }
    }

    private static Integer positive(String s) {
        if (s == null) return null;
        try {
            int v = Integer.parseInt(s.trim());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
