package io.niknotes.setup.copy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the timestamp forms found in real SQLite files and writes PostgreSQL's own text form, so the value
 * loaded and the value PostgreSQL prints back are byte-for-byte the same (which the checksums rely on).
 * Forms: SQLAlchemy's {@code YYYY-MM-DD HH:MM:SS.ffffff}, ISO 8601 with {@code T}, {@code Z} or an offset
 * (converted to UTC, the app's convention for naive timestamps), a date alone, epoch seconds or milliseconds (the unit
 * is decided per column by its first number; a later number of the other magnitude is rejected, never guessed).
 */
final class Timestamps {
    /** How numbers in a column are read: decided per column from its largest magnitude. */
    enum EpochUnit { NONE, SECONDS, MILLIS }

    /** Seconds since 1970 stay below this until the year 5138; milliseconds pass it in 1973. */
    static final double MILLIS_THRESHOLD = 1e11;

    private Timestamps() {
    }

    static EpochUnit unitFor(Double maxAbs) {
        if (maxAbs == null) return EpochUnit.NONE;
        return maxAbs >= MILLIS_THRESHOLD ? EpochUnit.MILLIS : EpochUnit.SECONDS;
    }

    static EpochUnit unitOf(BigDecimal v) {
        return unitFor(v.abs().doubleValue());
    }

    /** A parsed value: UTC date-time with microseconds, and whether the source gave a time of day. */
    record Parsed(LocalDateTime utc, boolean hasTime) {
    }

    private static final int[] DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /**
     * The common case without parsing: {@code YYYY-MM-DD HH:MM:SS[.ffffff]} (space or T), valid, no zone. Returns
     * PostgreSQL's text for it (space, fraction without trailing zeros), or null when {@link #parse} must decide.
     */
    static byte[] plain(byte[] r) {
        int n = r.length;
        if (n != 19 && (n < 21 || n > 26 || r[19] != '.')) return null;
        if (r[4] != '-' || r[7] != '-' || (r[10] != ' ' && r[10] != 'T') || r[13] != ':' || r[16] != ':') return null;
        int year = num(r, 0, 4);
        int month = num(r, 5, 2);
        int day = num(r, 8, 2);
        int hour = num(r, 11, 2);
        int minute = num(r, 14, 2);
        int second = num(r, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || (hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return null;
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        if (day > DAYS[month - 1] + (month == 2 && leap ? 1 : 0)) return null;
        int end = n;
        if (n > 19) {
            if (num(r, 20, n - 20) < 0) return null;
            while (end > 20 && r[end - 1] == '0') end--;
            if (end == 20) end = 19;
        }
        if (end == n && r[10] == ' ') return r; // already PostgreSQL's own form
        byte[] out = java.util.Arrays.copyOf(r, end);
        out[10] = ' ';
        return out;
    }

    /** The decimal digits at r[at..at+len), or -1 when one is not a digit. */
    private static int num(byte[] r, int at, int len) {
        int v = 0;
        for (int k = at; k < at + len; k++) {
            int d = r[k] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** A number, to be read as epoch seconds or milliseconds (see {@link Converter}), or null for any other text. */
    static BigDecimal number(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        if (s.isEmpty() || !looksNumeric(s)) return null;
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Parsed parse(byte[] raw) throws Rejected {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        if (s.isEmpty()) throw new Rejected("empty string is not a timestamp");
        try {
            return iso(s);
        } catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
            throw new Rejected("not a timestamp");
        }
    }

    private static boolean looksNumeric(String s) {
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i >= s.length()) return false;
        boolean digit = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                return false;
            }
        }
        return digit && s.indexOf('-', 1) < 0;
    }

    static Parsed epoch(BigDecimal v, EpochUnit unit) throws Rejected {
        BigDecimal micros = v.movePointRight(unit == EpochUnit.MILLIS ? 3 : 6);
        if (micros.stripTrailingZeros().scale() > 0) {
            // more digits than microseconds: PostgreSQL would round, which changes the value
            BigDecimal rounded = micros.setScale(0, RoundingMode.HALF_EVEN);
            if (micros.subtract(rounded).abs().compareTo(new BigDecimal("0.001")) > 0) {
                throw new Rejected("epoch value more precise than microseconds");
            }
            micros = rounded;
        }
        try {
            long us = micros.longValueExact();
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
            return checkRange(new Parsed(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), true));
        } catch (ArithmeticException | DateTimeException e) {
            throw new Rejected("epoch value out of range");
        }
    }

    private static Parsed iso(String s) throws Rejected {
        int year = digits(s, 0, 4);
        expect(s, 4, '-');
        int month = digits(s, 5, 2);
        expect(s, 7, '-');
        int day = digits(s, 8, 2);
        if (s.length() == 10) return checkRange(new Parsed(LocalDateTime.of(year, month, day, 0, 0), false));
        char sep = s.charAt(10);
        if (sep != ' ' && sep != 'T' && sep != 't') throw new Rejected("not a timestamp");
        int hour = digits(s, 11, 2);
        expect(s, 13, ':');
        int minute = digits(s, 14, 2);
        int i = 16;
        int second = 0;
        long nanos = 0;
        if (i < s.length() && s.charAt(i) == ':') {
            second = digits(s, 17, 2);
            i = 19;
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                String frac = s.substring(start, i);
                if (frac.isEmpty() || frac.length() > 9) throw new Rejected("not a timestamp");
                if (frac.length() > 6 && !frac.substring(6).chars().allMatch(c -> c == '0')) {
                    throw new Rejected("timestamp more precise than microseconds");
                }
                nanos = Long.parseLong((frac + "000000000").substring(0, 9));
            }
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, (int) nanos);
        if (i < s.length()) {
            String zone = s.substring(i).strip();
            if (!zone.equals("Z") && !zone.equals("z")) {
                local = local.minusSeconds(offsetSeconds(zone));
            }
        }
        return checkRange(new Parsed(local, true));
    }

    private static int offsetSeconds(String z) throws Rejected {
        if (z.length() < 3 || (z.charAt(0) != '+' && z.charAt(0) != '-')) throw new Rejected("not a timestamp");
        int sign = z.charAt(0) == '-' ? -1 : 1;
        String rest = z.substring(1).replace(":", "");
        if (!(rest.length() == 2 || rest.length() == 4) || !rest.chars().allMatch(Character::isDigit)) {
            throw new Rejected("not a timestamp");
        }
        int h = Integer.parseInt(rest.substring(0, 2));
        int m = rest.length() == 4 ? Integer.parseInt(rest.substring(2)) : 0;
        if (h > 15 || m > 59) throw new Rejected("timestamp offset out of range");
        return sign * (h * 3600 + m * 60);
    }

    private static Parsed checkRange(Parsed p) throws Rejected {
        int y = p.utc().getYear();
        if (y < 1 || y > 9999) throw new Rejected("timestamp outside years 1-9999");
        return p;
    }

    private static int digits(String s, int at, int n) throws Rejected {
        int v = 0;
        for (int k = at; k < at + n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') throw new Rejected("not a timestamp");
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void expect(String s, int at, char c) throws Rejected {
        if (s.charAt(at) != c) throw new Rejected("not a timestamp");
    }

    /** PostgreSQL's text output (DateStyle ISO): trailing zeros of the fraction removed. */
    static String format(LocalDateTime t, boolean withTime, boolean withZone) {
        StringBuilder b = new StringBuilder(32);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2);
        if (!withTime) return b.toString();
        b.append(' ');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String f = Integer.toString(1_000_000 + micros).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') end--;
            b.append('.').append(f, 0, end);
        }
        if (withZone) b.append("+00");
        return b.toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) b.append('0');
        return b.append(s);
    }
}
