package io.niknotes.setup.pgcopy;

/** One row to write: per field NULL, a long (the integer types) or bytes (the type's text form). Filled again per row. */
public final class CopyRow {
    private final long[] longs;
    private final byte[][] texts;
    private final boolean[] isLong;

    public CopyRow(int width) {
        longs = new long[width];
        texts = new byte[width][];
        isLong = new boolean[width];
    }

    public int width() {
        return texts.length;
    }

    public void setNull(int i) {
        texts[i] = null;
        isLong[i] = false;
    }

    public void setLong(int i, long v) {
        longs[i] = v;
        texts[i] = null;
        isLong[i] = true;
    }

    public void setText(int i, byte[] v) {
        texts[i] = v;
        isLong[i] = false;
    }

    public boolean isNull(int i) {
        return !isLong[i] && texts[i] == null;
    }

    public boolean isLong(int i) {
        return isLong[i];
    }

    public long longValue(int i) {
        return longs[i];
    }

    /** The text form of a field set by {@link #setText}. */
    public byte[] text(int i) {
        return texts[i];
    }

    /**
     * Writes field {@code i}'s text form (what PostgreSQL prints for it) at {@code out[at]}, which has room for
     * {@link #textLength} bytes; returns the new end. Not for NULL.
     */
    public int writeText(int i, byte[] out, int at) {
        if (isLong[i]) return digits(longs[i], out, at);
        System.arraycopy(texts[i], 0, out, at, texts[i].length);
        return at + texts[i].length;
    }

    /** An upper bound of field {@code i}'s text length (0 for NULL). */
    public int textLength(int i) {
        return isLong[i] ? 20 : texts[i] == null ? 0 : texts[i].length;
    }

    /** Writes {@code v}'s decimal digits (as PostgreSQL prints an integer) at {@code at} (20 bytes free); returns the new end. */
    private static int digits(long v, byte[] out, int at) {
        if (v == Long.MIN_VALUE) {
            byte[] min = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, out, at, min.length);
            return at + min.length;
        }
        if (v < 0) {
            out[at++] = '-';
            v = -v;
        }
        int len = 1;
        for (long x = v; x >= 10; x /= 10) len++;
        for (int k = at + len - 1; k >= at; k--) {
            out[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }
}
