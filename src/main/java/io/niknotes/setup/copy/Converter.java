package io.niknotes.setup.copy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.niknotes.setup.pgcopy.CopyRow;
import io.niknotes.setup.sqlite.Row;
import io.niknotes.setup.sqlite.StorageClass;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Converts one column's SQLite values (typed: storage class and value) into what PostgreSQL stores for the target
 * column's type: an integer into an integer column stays a long from the page to the wire; everything else becomes
 * the exact text PostgreSQL stores and prints back, from the value's text as SQLite gives it ({@link Row#text}).
 * A value that cannot be converted faithfully throws {@link Rejected}; nothing is changed silently.
 * One instance per column per load (it counts text fixes).
 */
final class Converter {
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();

    private final TargetTable.Column column;
    private final ColumnType type;
    private Timestamps.EpochUnit epochUnit;
    private final FixText fixText;
    private final List<byte[]> labels;
    private long fixed;

    Converter(TargetTable.Column column, Timestamps.EpochUnit epochUnit, FixText fixText) {
        this.column = column;
        this.type = column.type();
        this.epochUnit = epochUnit;
        this.fixText = fixText;
        this.labels = type.kind() == ColumnType.Kind.ENUM ? type.enumLabels().stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList()
                : List.of();
    }

    String columnName() {
        return column.name();
    }

    /** Values changed by --fix-text so far. */
    long fixed() {
        return fixed;
    }

    /** Converts value {@code i} of {@code in} into field {@code j} of {@code out}. */
    void convert(Row in, int i, CopyRow out, int j) throws Rejected {
        StorageClass storage = in.type(i);
        if (storage == StorageClass.NULL) {
            if (column.notNull()) throw new Rejected("NULL in a NOT NULL column");
            out.setNull(j);
            return;
        }
        switch (type.kind()) {
            case SMALLINT -> out.setLong(j, integer(in, i, Short.MIN_VALUE, Short.MAX_VALUE));
            case INTEGER -> out.setLong(j, integer(in, i, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case BIGINT -> out.setLong(j, integer(in, i, Long.MIN_VALUE, Long.MAX_VALUE));
            case BOOLEAN -> out.setText(j, storage == StorageClass.INTEGER ? bool(in.integer(i)) : bool(in.text(i)));
            case NUMERIC -> out.setText(j, numeric(storage == StorageClass.INTEGER ? BigDecimal.valueOf(in.integer(i)) : decimal(in.text(i))));
            case TIMESTAMP, TIMESTAMPTZ, DATE -> out.setText(j, storage == StorageClass.INTEGER
                    ? timestamp(epoch(BigDecimal.valueOf(in.integer(i)))) : timestamp(in.text(i)));
            default -> out.setText(j, convert(in.text(i)));
        }
    }

    /** An integer value in range, or the value's text parsed as an integer (SQLite prints a REAL 2.0 as "2.0"). */
    private long integer(Row in, int i, long min, long max) throws Rejected {
        if (in.type(i) != StorageClass.INTEGER) return integer(in.text(i), min, max);
        long v = in.integer(i);
        if (v < min || v > max) throw new Rejected("integer out of range for " + type.sqlName());
        return v;
    }

    private static byte[] bool(long v) throws Rejected {
        if (v == 1) return TRUE;
        if (v == 0) return FALSE;
        throw new Rejected("not a boolean");
    }

    /** The PostgreSQL text of a non-null value, from its text, for the types {@link #convert(Row, int, CopyRow, int)} does not handle itself. */
    private byte[] convert(byte[] raw) throws Rejected {
        return switch (type.kind()) {
            case TEXT -> text(raw);
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, NUMERIC, TIMESTAMP, TIMESTAMPTZ, DATE ->
                    throw new IllegalStateException(type.kind() + " is converted from the typed value");
            case FLOAT -> floating(raw);
            case ENUM -> enumLabel(raw);
            case JSON, JSONB -> json(raw);
            case UUID -> uuid(raw);
            case BYTEA -> bytea(raw);
            case OTHER -> cleanText(raw);
        };
    }

    /** Valid UTF-8 without NUL, fixed when --fix-text says so. */
    private byte[] cleanText(byte[] raw) throws Rejected {
        if (plainAscii(raw)) return raw;
        String problem = Utf8.problem(raw);
        if (problem == null) return raw;
        if (fixText == FixText.REJECT) throw new Rejected(problem + " (use --fix-text=strip|replace to keep the row)");
        fixed++;
        return Utf8.fix(raw, fixText);
    }

    /** ASCII without NUL (one pass: the common case needs no further look). */
    private static boolean plainAscii(byte[] b) {
        for (byte x : b) {
            if (x <= 0) return false;
        }
        return true;
    }

    private byte[] text(byte[] raw) throws Rejected {
        byte[] v = cleanText(raw);
        // PostgreSQL's name type holds 63 bytes: text input would cut the value silently, binary input refuses it
        if (v.length > 63 && type.sqlName().equals("name")) throw new Rejected("longer than 63 bytes, the limit of type name");
        if (type.maxLength() >= 0 && v.length > type.maxLength() && Utf8.codePoints(v) > type.maxLength()) {
            throw new Rejected("longer than " + type.maxLength() + " characters");
        }
        return v;
    }

    private byte[] bool(byte[] raw) throws Rejected {
        if (raw.length == 1 && raw[0] == '1') return TRUE;
        if (raw.length == 1 && raw[0] == '0') return FALSE;
        String s = new String(raw, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "1", "1.0", "t", "true" -> TRUE;
            case "0", "0.0", "f", "false" -> FALSE;
            default -> throw new Rejected("not a boolean");
        };
    }

    private long integer(byte[] raw, long min, long max) throws Rejected {
        long canonical = canonicalInteger(raw);
        if (canonical != NOT_CANONICAL) {
            if (canonical < min || canonical > max) throw new Rejected("integer out of range for " + type.sqlName());
            return canonical;
        }
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        long v;
        if (isPlainInteger(s)) {
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new Rejected("integer out of range");
            }
        } else {
            // SQLite prints a REAL 2.0 as "2.0": accept a number with no fractional part, nothing else
            BigDecimal d;
            try {
                d = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw new Rejected("not an integer");
            }
            try {
                v = d.stripTrailingZeros().longValueExact();
            } catch (ArithmeticException e) {
                throw new Rejected(d.stripTrailingZeros().scale() > 0 ? "not an integer (has a fraction)" : "integer out of range");
            }
        }
        if (v < min || v > max) throw new Rejected("integer out of range for " + type.sqlName());
        return v;
    }

    private static final long NOT_CANONICAL = Long.MIN_VALUE;

    /** The value of a short integer written as PostgreSQL prints it (no sign but '-', no leading zero), else NOT_CANONICAL. */
    static long canonicalInteger(byte[] raw) {
        int n = raw.length;
        int i = n > 1 && raw[0] == '-' ? 1 : 0;
        if (n == 0 || n - i > 18 || (raw[i] == '0' && n - i > 1) || (i == 1 && raw[1] == '0')) return NOT_CANONICAL;
        long v = 0;
        for (int k = i; k < n; k++) {
            int d = raw[k] - '0';
            if (d < 0 || d > 9) return NOT_CANONICAL;
            v = v * 10 + d;
        }
        return i == 1 ? -v : v;
    }

    private static boolean isPlainInteger(String s) {
        int i = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i >= s.length()) return false;
        for (; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static BigDecimal decimal(byte[] raw) throws Rejected {
        try {
            return new BigDecimal(new String(raw, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw new Rejected("not a number");
        }
    }

    private byte[] numeric(BigDecimal d) throws Rejected {
        if (type.scale() >= 0) {
            try {
                d = d.setScale(type.scale(), RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new Rejected("more decimals than " + type.sqlName() + " keeps");
            }
        }
        return d.toPlainString().getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] floating(byte[] raw) throws Rejected {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new Rejected("not a finite number");
            return s.getBytes(StandardCharsets.US_ASCII);
        } catch (NumberFormatException e) {
            throw new Rejected("not a number");
        }
    }

    /** How this column's numbers are read: given, or decided by its first number; NONE while it has shown none. */
    Timestamps.EpochUnit epochUnit() {
        return epochUnit;
    }

    private byte[] timestamp(byte[] raw) throws Rejected {
        if (type.kind() == ColumnType.Kind.TIMESTAMP) {
            byte[] plain = Timestamps.plain(raw);
            if (plain != null) return plain;
        }
        BigDecimal number = Timestamps.number(raw);
        return timestamp(number != null ? epoch(number) : Timestamps.parse(raw));
    }

    /** A number read as epoch seconds or milliseconds: the column's first number decides which. */
    private Timestamps.Parsed epoch(BigDecimal number) throws Rejected {
        Timestamps.EpochUnit unit = Timestamps.unitOf(number);
        if (epochUnit == Timestamps.EpochUnit.NONE) epochUnit = unit;
        if (unit != epochUnit) {
            throw new Rejected("epoch " + name(unit) + " in a column of epoch " + name(epochUnit) + " (ambiguous: not guessed)");
        }
        return Timestamps.epoch(number, epochUnit);
    }

    private byte[] timestamp(Timestamps.Parsed p) throws Rejected {
        boolean date = type.kind() == ColumnType.Kind.DATE;
        if (date && p.hasTime() && !p.utc().toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            throw new Rejected("a time of day in a date column");
        }
        return Timestamps.format(p.utc(), !date, type.kind() == ColumnType.Kind.TIMESTAMPTZ).getBytes(StandardCharsets.US_ASCII);
    }

    private static String name(Timestamps.EpochUnit u) {
        return u.name().toLowerCase(java.util.Locale.ROOT);
    }

    private byte[] enumLabel(byte[] raw) throws Rejected {
        byte[] v = cleanText(raw);
        for (byte[] label : labels) {
            if (Arrays.equals(label, v)) return v;
        }
        throw new Rejected("not a label of enum " + type.sqlName());
    }

    private byte[] json(byte[] raw) throws Rejected {
        byte[] v = cleanText(raw);
        try (JsonParser p = JSON.createParser(v)) {
            if (p.nextToken() == null) throw new Rejected("empty JSON");
            p.skipChildren();
            JsonToken after = p.nextToken();
            if (after != null) throw new Rejected("not JSON (text after the value)");
        } catch (IOException e) {
            throw new Rejected("not JSON");
        }
        return v;
    }

    private byte[] uuid(byte[] raw) throws Rejected {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        try {
            String canonical = java.util.UUID.fromString(s).toString();
            if (!canonical.equalsIgnoreCase(s) && !canonical.replace("-", "").equalsIgnoreCase(s)) throw new Rejected("not a UUID");
            return canonical.getBytes(StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new Rejected("not a UUID");
        }
    }

    private static byte[] bytea(byte[] raw) {
        byte[] out = new byte[2 + raw.length * 2];
        out[0] = '\\';
        out[1] = 'x';
        final byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < raw.length; i++) {
            out[2 + 2 * i] = hex[(raw[i] >> 4) & 0xF];
            out[3 + 2 * i] = hex[raw[i] & 0xF];
        }
        return out;
    }
}
