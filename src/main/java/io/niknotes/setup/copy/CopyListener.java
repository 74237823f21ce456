package io.niknotes.setup.copy;

/**
 * Progress of a copy, for a front end to render (the engine never prints). Called from loader threads:
 * implementations must be thread-safe and quick.
 */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {
    };

    /** A step of the run begins: "reading the source", "checking foreign keys", "loading", "building indexes"… */
    default void phase(String description) {
    }

    /** Something the user must hear even when progress is not shown (--json): a wait for another copy, an interruption. */
    default void notice(String message) {
    }

    /** A table's load begins; {@code expectedRows} is the source's count. */
    default void tableStarted(String table, long expectedRows) {
    }

    /** Rows of a table handled so far (loaded or rejected); called every few thousand rows. */
    default void tableProgress(String table, long rowsDone) {
    }

    default void tableFinished(TableResult result) {
    }
}
