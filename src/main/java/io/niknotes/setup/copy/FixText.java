package io.niknotes.setup.copy;

/** What to do with text PostgreSQL cannot store: NUL characters and bytes that are not UTF-8. */
public enum FixText {
    /** The row goes to the reject file (the default: nothing is changed silently). */
    REJECT,
    /** Remove NULs and invalid bytes; every changed value is counted. */
    STRIP,
    /** Replace each NUL or invalid sequence with U+FFFD; every changed value is counted. */
    REPLACE;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
