package io.niknotes.setup.sqlite;

import java.nio.charset.StandardCharsets;

/**
 * One row's values as SQLite stores them: per column its storage class and a long (INTEGER), a double (REAL) or
 * bytes (TEXT as stored UTF-8, BLOB). Filled again by each {@link Cursor#next}: nothing is allocated per value
 * but the bytes of text and blobs.
 */
public final class Row {
    private final StorageClass[] types;
    private final long[] integers;
    private final double[] reals;
    private final byte[][] bytes;

    public Row(int width) {
        types = new StorageClass[width];
        integers = new long[width];
        reals = new double[width];
        bytes = new byte[width][];
        java.util.Arrays.fill(types, StorageClass.NULL);
    }

    public int width() {
        return types.length;
    }

    public StorageClass type(int i) {
        return types[i];
    }

    public boolean isNull(int i) {
        return types[i] == StorageClass.NULL;
    }

    public long integer(int i) {
        return integers[i];
    }

    public double real(int i) {
        return reals[i];
    }

    /** The bytes of a TEXT or BLOB value. */
    public byte[] bytes(int i) {
        return bytes[i];
    }

    /**
     * The value as SQLite gives it as text ({@code sqlite3_column_text}, {@code cast(x as text)}): integers in
     * decimal, reals as {@link RealText}, text and blobs as stored; null for NULL.
     */
    public byte[] text(int i) {
        return switch (types[i]) {
            case NULL -> null;
            case INTEGER -> decimal(integers[i]);
            case REAL -> RealText.bytes(reals[i]);
            case TEXT, BLOB -> bytes[i];
        };
    }

    /** {@link #text} decoded as UTF-8; null for NULL. */
    public String string(int i) {
        byte[] t = text(i);
        return t == null ? null : new String(t, StandardCharsets.UTF_8);
    }

    public void setNull(int i) {
        types[i] = StorageClass.NULL;
        bytes[i] = null;
    }

    public void setInteger(int i, long v) {
        types[i] = StorageClass.INTEGER;
        integers[i] = v;
        bytes[i] = null;
    }

    public void setReal(int i, double v) {
        types[i] = StorageClass.REAL;
        reals[i] = v;
        bytes[i] = null;
    }

    public void setBytes(int i, StorageClass type, byte[] v) {
        types[i] = type;
        bytes[i] = v;
    }

    /** Column {@code i} takes {@code from}'s value {@code j}. */
    void copy(int i, Row from, int j) {
        types[i] = from.types[j];
        integers[i] = from.integers[j];
        reals[i] = from.reals[j];
        bytes[i] = from.bytes[j];
    }

    private static byte[] decimal(long v) {
        if (v >= 0 && v < 10) return new byte[]{(byte) ('0' + v)};
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
