package io.niknotes.setup.sqlite;

/** One table's rows, in rowid order, as typed values. */
public interface Cursor extends AutoCloseable {
    /** Fills {@code row} with the next row; false at the end. */
    boolean next(Row row);

    /** The current row's rowid, or -1 for a WITHOUT ROWID table. */
    long rowid();

    @Override
    void close();
}
