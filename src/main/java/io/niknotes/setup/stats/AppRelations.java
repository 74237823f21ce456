package io.niknotes.setup.stats;

/**
 * How the statistics queries name the app's tables and leave the tool's own out, written once for the report
 * ({@link PostgresStats}) and the baseline ({@link Baseline}), whose rows must match by name. Both expect the
 * statistics view under the alias {@code s}.
 */
final class AppRelations {
    /** The table's name as stats shows it: {@code name}, or {@code schema.name} outside public. */
    static final String NAME = "case when s.schemaname = 'public' then '' else s.schemaname || '.' end || s.relname";
    /**
     * Only the app's schemas: not the tool's own (the copy's state niknotes_copy, the statistics baseline
     * niknotes_setup, a schema comparison's scratch niknotes_drift_PID), whose tables are no part of what the app does.
     */
    static final String ONLY_APP = "s.schemaname not in ('niknotes_copy', '" + Baseline.SCHEMA + "')"
            + " and s.schemaname not like 'niknotes\\_drift\\_%'";

    private AppRelations() {
    }
}
