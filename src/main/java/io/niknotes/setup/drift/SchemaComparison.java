package io.niknotes.setup.drift;

import io.niknotes.setup.drift.SchemaSnapshot.Applied;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.niknotes.setup.drift.RepairSql.literal;

/**
 * The live schema against the one the migrations build: every difference, in the order its repair must run (enum
 * types, tables, columns, constraints, indexes, alembic_version, then the migration history).
 */
public final class SchemaComparison {
    private SchemaComparison() {
    }

    public static List<Drift> compare(SchemaSnapshot expected, SchemaSnapshot live) {
        TableComparison tables = new TableComparison(expected, live);
        KeyComparison keys = new KeyComparison(expected, live);
        List<Drift> drifts = new ArrayList<>();
        drifts.addAll(tables.enums());
        drifts.addAll(tables.tables());
        drifts.addAll(tables.columns());
        drifts.addAll(keys.constraints());
        drifts.addAll(keys.indexes());
        drifts.addAll(alembic(expected.alembicVersions(), live.alembicVersions()));
        drifts.addAll(history(expected.history(), live.history()));
        return drifts;
    }

    /** The revision the app's Alembic reads: another one makes {@code alembic upgrade head} try to rebuild the schema. */
    static List<Drift> alembic(List<String> want, List<String> have) {
        if (want == null || want.equals(have)) return List.of();
        List<String> sql = new ArrayList<>();
        if (have != null && !have.isEmpty()) sql.add("DELETE FROM alembic_version");
        want.forEach(v -> sql.add("INSERT INTO alembic_version (version_num) VALUES (" + literal(v) + ")"));
        String found = have == null ? "no alembic_version table" : have.isEmpty() ? "no revision" : String.join(", ", have);
        return List.of(have == null || have.isEmpty()
                ? Drift.missing("alembic_version", "alembic_version", String.join(", ", want), sql, null)
                : Drift.changed("alembic_version", "alembic_version", "revision", String.join(", ", want), found, sql,
                "if the app itself upgraded to " + found + " (a newer release), this is expected: update the migrations instead of running this"));
    }

    /**
     * Flyway's history against the files (the checksums Flyway computed for the scratch build are the files' checksums):
     * what {@code flyway validate} checks, with the statement {@code flyway repair} would run for an edited file.
     */
    static List<Drift> history(List<Applied> want, List<Applied> have) {
        if (want == null) return List.of();
        if (have == null) {
            return List.of(new Drift("migration", "flyway_schema_history", "history", Drift.Severity.NOTE, "the applied migrations",
                    "no Flyway history: the migrations' checksums cannot be compared", List.of(),
                    "run `niknotes-setup migrate` once the schema is repaired: it adopts the schema (baseline at V1) and records the index migrations"));
        }
        String baseline = have.stream().filter(a -> a.type().equals("BASELINE")).map(Applied::version).findFirst().orElse(null);
        List<Drift> drifts = new ArrayList<>();
        for (Applied w : want) {
            Applied h = have.stream().filter(a -> a.version().equals(w.version())).findFirst().orElse(null);
            String object = "V" + w.version() + " " + w.description();
            if (h == null) {
                if (baseline == null || compareVersions(w.version(), baseline) > 0) {
                    drifts.add(new Drift("migration", object, "not applied", Drift.Severity.MISSING, "applied", "pending", List.of(),
                            "run `niknotes-setup migrate` to apply it"));
                }
            } else if (h.type().equals("BASELINE")) {
                continue;
            } else if (!h.success()) {
                drifts.add(Drift.changed("migration", object, "failed", "applied", "recorded as failed", List.of(),
                        "run `niknotes-setup migrate repair-indexes`, then `niknotes-setup migrate`"));
            } else if (!Objects.equals(h.checksum(), w.checksum())) {
                drifts.add(Drift.changed("migration", object, "checksum", "checksum " + w.checksum() + " (" + w.script() + " as it is now)",
                        "checksum " + h.checksum() + " (the file as it was applied)",
                        List.of("UPDATE flyway_schema_history SET checksum = " + w.checksum() + " WHERE version = " + literal(w.version())
                                + " AND success"),
                        "the file was edited after it ran: the schema differences above are what the edit changed; this records "
                                + "the new checksum (what `flyway repair` does), so run it last, or restore the original file instead"));
            }
        }
        have.stream().filter(h -> !h.type().equals("BASELINE") && want.stream().noneMatch(w -> w.version().equals(h.version())))
                .forEach(h -> drifts.add(Drift.extra("migration", "V" + h.version() + " " + h.description(), "applied, but no such file")));
        return drifts;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }
}
