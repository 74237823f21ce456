package io.niknotes.setup.drift;

import java.util.List;

/**
 * One difference between the live schema and the one the migrations build.
 *
 * @param kind     table, column, enum, constraint, index, alembic_version or migration
 * @param object   what it is about: {@code trips}, {@code trips.created_at}, {@code idx_trip_created_desc}, {@code V3}
 * @param aspect   what differs: missing, type, not null, default, sequence, labels, on delete, definition, order, name,
 *                 validity, checksum, not applied, history, extra
 * @param expected what the migrations build, in words or SQL; null for an extra object
 * @param found    what the live schema holds; null for a missing object
 * @param repair   the SQL that restores the expected state (empty when there is none to run, see {@code caveat})
 * @param caveat   when the repair can fail or cannot be done without losing data, why; else null
 */
public record Drift(String kind, String object, String aspect, Severity severity, String expected, String found, List<String> repair,
                    String caveat) {
    public Drift {
        repair = List.copyOf(repair);
    }

    /** Missing and changed objects fail a check; objects the app added itself and notes do not. */
    public enum Severity {
        MISSING, CHANGED, EXTRA, NOTE;

        public boolean fails() {
            return this == MISSING || this == CHANGED;
        }
    }

    public boolean fails() {
        return severity.fails();
    }

    static Drift missing(String kind, String object, String expected, List<String> repair, String caveat) {
        return new Drift(kind, object, "missing", Severity.MISSING, expected, null, repair, caveat);
    }

    static Drift changed(String kind, String object, String aspect, String expected, String found, List<String> repair, String caveat) {
        return new Drift(kind, object, aspect, Severity.CHANGED, expected, found, repair, caveat);
    }

    static Drift extra(String kind, String object, String found) {
        return new Drift(kind, object, "extra", Severity.EXTRA, null, found, List.of(), null);
    }
}
