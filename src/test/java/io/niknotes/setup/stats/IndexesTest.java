package io.niknotes.setup.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexesTest {
    private static PgReport.Index index(String name, boolean unique, Integer... columns) {
        return new PgReport.Index("trips", name, 0, 8192, unique, false, false, true, false, List.of(columns), "btree",
                "CREATE INDEX " + name, null, null);
    }

    private static String coveredBy(List<PgReport.Index> all, String name) {
        return Indexes.markCovered(all).stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().coveredBy();
    }

    @Test
    void aLeadingColumnPrefixIsCoveredByTheWiderIndex() {
        List<PgReport.Index> all = List.of(index("ix_trips_destination", false, 3), index("idx_trip_destination_date", false, 3, 4));
        assertThat(coveredBy(all, "ix_trips_destination")).isEqualTo("idx_trip_destination_date");
        assertThat(coveredBy(all, "idx_trip_destination_date")).isNull();
    }

    @Test
    void aNonLeadingColumnIsNotCovered() {
        List<PgReport.Index> all = List.of(index("ix_trips_start_date", false, 4), index("idx_trip_destination_date", false, 3, 4));
        assertThat(coveredBy(all, "ix_trips_start_date")).isNull();
    }

    @Test
    void ofTwoIdenticalIndexesOnlyOneIsTheDuplicate() {
        List<PgReport.Index> all = List.of(index("ix_trips_created_at", false, 14), index("idx_trip_created_desc", false, 14));
        assertThat(coveredBy(all, "ix_trips_created_at")).isEqualTo("idx_trip_created_desc");
        assertThat(coveredBy(all, "idx_trip_created_desc")).isNull();
    }

    @Test
    void uniqueIndexesEnforceSomethingAndAreNeverRedundant() {
        List<PgReport.Index> all = List.of(index("ix_users_email", true, 3), index("idx_email_name", false, 3, 2));
        assertThat(coveredBy(all, "ix_users_email")).isNull();
        List<PgReport.Index> dup = List.of(index("ix_plain", false, 3), index("ix_unique", true, 3));
        assertThat(coveredBy(dup, "ix_plain")).isEqualTo("ix_unique");
    }

    @Test
    void partialAndExpressionIndexesAreNotCompared() {
        PgReport.Index partial = new PgReport.Index("trips", "ix_partial", 0, 0, false, false, false, true, true, List.of(3, 4),
                "btree", "", null, null);
        PgReport.Index expression = index("ix_expr", false);
        assertThat(coveredBy(List.of(index("ix_a", false, 3), partial), "ix_a")).isNull();
        assertThat(coveredBy(List.of(expression, index("ix_b", false, 3)), "ix_expr")).isNull();
    }
}
