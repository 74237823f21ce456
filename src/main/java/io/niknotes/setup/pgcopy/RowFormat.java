package io.niknotes.setup.pgcopy;

/** A COPY data format: how rows become bytes. {@link CopyStream} moves the bytes and knows nothing of the format. */
interface RowFormat {
    /** The COPY option naming the format. */
    String name();

    /** Writes what precedes the first row at the start of {@code out}; returns its length. */
    int header(byte[] out);

    /** An upper bound of {@code row}'s encoded length. */
    int room(CopyRow row);

    /** Writes {@code row} at {@code p} (with {@link #room} bytes free); returns the new end. */
    int row(CopyRow row, byte[] out, int p);

    /** Writes what follows the last row at {@code p} (2 bytes free); returns the new end. */
    int trailer(byte[] out, int p);
}
