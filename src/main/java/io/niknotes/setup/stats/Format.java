package io.niknotes.setup.stats;

import java.time.Duration;
import java.util.Locale;

/** Figures in words: sizes, durations, counts, percentages. */
public final class Format {
    private Format() {
    }

    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        if (s < 3600) return s / 60 + " min";
        if (s < 86_400) return s / 3600 + " h " + (s % 3600) / 60 + " min";
        long days = s / 86_400;
        return days + (days == 1 ? " day" : " days") + (days < 7 ? " " + (s % 86_400) / 3600 + " h" : "");
    }

    /** A moment for people: "2026-11-29 22:10 UTC (3 h ago)". */
    public static String moment(java.time.Instant t, java.time.Instant now) {
        String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                .format(t.atOffset(java.time.ZoneOffset.UTC));
        return at + " (" + duration(Duration.between(t, now)) + " ago)";
    }

    /** "1 client", "2 clients". */
    public static String plural(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** Microseconds (PgBouncer's unit) as milliseconds with two decimals. */
    public static String micros(long us) {
        return String.format(java.util.Locale.ROOT, "%.2f ms", us / 1000.0);
    }
}
