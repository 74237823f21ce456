package io.niknotes.setup.pgcopy;

/**
 * COPY's binary format (PostgreSQL docs, "COPY, Binary Format"): a signature header, then per row a field count and
 * each field as a length and the type's send/recv bytes. Longs are written as they are; timestamps, dates and
 * UUIDs from their canonical text. Only the {@link FieldType}s with a binary form; a table with any other type goes
 * as text ({@link CopyText}).
 */
public final class CopyBinary implements RowFormat {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01, PostgreSQL's epoch, in days since 1970-01-01. */
    private static final long PG_EPOCH_DAYS = 10_957;

    private final FieldType[] types;

    public CopyBinary(FieldType[] types) {
        for (FieldType t : types) {
            if (!t.hasBinaryForm()) throw new IllegalArgumentException(t + " has no binary form here");
        }
        this.types = types.clone();
    }

    @Override
    public String name() {
        return "binary";
    }

    @Override
    public int header(byte[] out) {
        System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
        int p = int32(out, SIGNATURE.length, 0); // flags: no OIDs
        return int32(out, p, 0); // no header extension
    }

    @Override
    public int trailer(byte[] out, int p) {
        out[p] = (byte) 0xFF;
        out[p + 1] = (byte) 0xFF;
        return p + 2;
    }

    @Override
    public int room(CopyRow row) {
        int need = 2;
        for (int i = 0; i < row.width(); i++) need += 4 + Math.max(row.textLength(i) + 1, 16); // a uuid outgrows its text
        return need;
    }

    @Override
    public int row(CopyRow row, byte[] out, int p) {
        int width = row.width();
        out[p++] = (byte) (width >> 8);
        out[p++] = (byte) width;
        for (int i = 0; i < width; i++) {
            if (row.isNull(i)) {
                p = int32(out, p, -1);
                continue;
            }
            switch (types[i]) {
                case TEXT -> {
                    byte[] v = row.text(i);
                    p = int32(out, p, v.length);
                    System.arraycopy(v, 0, out, p, v.length);
                    p += v.length;
                }
                case JSONB -> {
                    byte[] v = row.text(i);
                    p = int32(out, p, v.length + 1);
                    out[p++] = 1; // jsonb's binary version
                    System.arraycopy(v, 0, out, p, v.length);
                    p += v.length;
                }
                case BOOLEAN -> {
                    p = int32(out, p, 1);
                    out[p++] = (byte) (row.text(i)[0] == 't' ? 1 : 0);
                }
                case SMALLINT -> {
                    p = int32(out, p, 2);
                    long x = row.longValue(i);
                    out[p++] = (byte) (x >> 8);
                    out[p++] = (byte) x;
                }
                case INTEGER -> {
                    p = int32(out, p, 4);
                    p = int32(out, p, (int) row.longValue(i));
                }
                case BIGINT -> {
                    p = int32(out, p, 8);
                    p = int64(out, p, row.longValue(i));
                }
                case TIMESTAMP -> {
                    p = int32(out, p, 8);
                    p = int64(out, p, micros(row.text(i)));
                }
                case DATE -> {
                    p = int32(out, p, 4);
                    p = int32(out, p, (int) (days(row.text(i)) - PG_EPOCH_DAYS));
                }
                case UUID -> {
                    p = int32(out, p, 16);
                    p = uuid(row.text(i), out, p);
                }
                case OTHER -> throw new IllegalStateException("no binary form");
            }
        }
        return p;
    }

    /** Microseconds since 2000-01-01 of {@code YYYY-MM-DD HH:MM:SS[.ffffff][+00]} (our canonical text, always UTC). */
    public static long micros(byte[] v) {
        long seconds = (days(v) - PG_EPOCH_DAYS) * 86_400L;
        if (v.length > 10) seconds += decimal(v, 11, 2) * 3600L + decimal(v, 14, 2) * 60L + decimal(v, 17, 2);
        long micros = 0;
        if (v.length > 19 && v[19] == '.') {
            int k = 20;
            int digits = 0;
            while (k < v.length && v[k] >= '0' && v[k] <= '9') {
                micros = micros * 10 + (v[k++] - '0');
                digits++;
            }
            for (; digits < 6; digits++) micros *= 10;
        }
        return seconds * 1_000_000L + micros;
    }

    /** Days since 1970-01-01 of the {@code YYYY-MM-DD} at the start of {@code v} (proleptic Gregorian). */
    public static long days(byte[] v) {
        long y = decimal(v, 0, 4);
        long m = decimal(v, 5, 2);
        long d = decimal(v, 8, 2);
        // days_from_civil (H. Hinnant)
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static long decimal(byte[] v, int at, int len) {
        int i = at;
        boolean negative = v[i] == '-';
        if (negative) i++;
        long x = 0;
        for (; i < at + len; i++) x = x * 10 + (v[i] - '0');
        return negative ? -x : x;
    }

    private static int uuid(byte[] v, byte[] out, int p) {
        int nibble = -1;
        for (byte c : v) {
            int h = Character.digit(c, 16);
            if (h < 0) continue; // the dashes
            if (nibble < 0) {
                nibble = h;
            } else {
                out[p++] = (byte) (nibble << 4 | h);
                nibble = -1;
            }
        }
        return p;
    }

    private static int int32(byte[] out, int p, int x) {
        out[p] = (byte) (x >> 24);
        out[p + 1] = (byte) (x >> 16);
        out[p + 2] = (byte) (x >> 8);
        out[p + 3] = (byte) x;
        return p + 4;
    }

    private static int int64(byte[] out, int p, long x) {
        p = int32(out, p, (int) (x >> 32));
        return int32(out, p, (int) x);
    }
}
