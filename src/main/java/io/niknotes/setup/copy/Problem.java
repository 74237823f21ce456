package io.niknotes.setup.copy;

import java.util.List;

/**
 * Something found in the data, grouped: unconvertible values by column, orphans by foreign key, unknown tables…
 *
 * @param kind    value, orphan, unknown_table, unknown_column, missing_column, target_not_empty (dry runs)
 * @param table   the source table
 * @param column  the column (or the foreign key's description), null when not about one
 * @param reason  what is wrong
 * @param count   how many rows
 * @param samples a few ids or values, escaped and shortened for display
 */
public record Problem(Kind kind, String table, String column, String reason, long count, List<String> samples) {
    public enum Kind {
        VALUE, ORPHAN, UNKNOWN_TABLE, UNKNOWN_COLUMN, MISSING_COLUMN, TARGET_NOT_EMPTY;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Problem {
        samples = List.copyOf(samples);
    }
}
