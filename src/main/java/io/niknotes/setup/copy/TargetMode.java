package io.niknotes.setup.copy;

/** What to do when a target table already holds rows. */
public enum TargetMode {
    /** Refuse to write into a non-empty table (the default). */
    EMPTY_ONLY,
    /** Empty each target table, in the same transaction as its load. */
    TRUNCATE,
    /** Add the rows to what is there. */
    APPEND;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
