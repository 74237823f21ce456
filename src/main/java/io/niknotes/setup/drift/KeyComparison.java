package io.niknotes.setup.drift;

import io.niknotes.setup.drift.SchemaSnapshot.Constraint;
import io.niknotes.setup.drift.SchemaSnapshot.Index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.niknotes.setup.drift.RepairSql.alterTable;
import static io.niknotes.setup.drift.RepairSql.name;

/**
 * Constraints and indexes. Each expected one is matched to a live one by its name, else by its name behind pgloader's
 * {@code idx_<oid>_} prefix, else by its shape (same table, columns and kind): a match under another name is a rename;
 * a match by name with another shape is a change.
 */
final class KeyComparison {
    private static final Pattern PGLOADER_PREFIX = Pattern.compile("idx_[0-9]+_");

    private final SchemaSnapshot expected;
    private final SchemaSnapshot live;

    KeyComparison(SchemaSnapshot expected, SchemaSnapshot live) {
        this.expected = expected;
        this.live = live;
    }

    /** Expected name → live name, for every expected object some live object stands for. */
    static <T> Map<String, String> match(Map<String, T> want, Map<String, T> have, Function<T, String> shape, BiPredicate<T, T> sameTable) {
        Map<String, String> matched = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        List<String> names = TableComparison.sorted(want.keySet());
        for (String n : names) {
            if (have.containsKey(n)) {
                matched.put(n, n);
                taken.add(n);
            }
        }
        for (String n : names) {
            if (matched.containsKey(n)) continue;
            have.keySet().stream().sorted().filter(h -> !taken.contains(h) && h.endsWith("_" + n)
                            && PGLOADER_PREFIX.matcher(h.substring(0, h.length() - n.length())).matches()
                            && sameTable.test(want.get(n), have.get(h)))
                    .findFirst().ifPresent(h -> {
                        matched.put(n, h);
                        taken.add(h);
                    });
        }
        for (String n : names) {
            if (matched.containsKey(n)) continue;
            String s = shape.apply(want.get(n));
            have.keySet().stream().sorted().filter(h -> !taken.contains(h) && shape.apply(have.get(h)).equals(s)).findFirst().ifPresent(h -> {
                matched.put(n, h);
                taken.add(h);
            });
        }
        return matched;
    }

    List<Drift> constraints() {
        Map<String, String> matched = match(expected.constraints(), live.constraints(),
                c -> c.table() + " " + c.kind() + " " + c.columns() + " " + c.definition(), (a, b) -> a.table().equals(b.table()));
        List<Drift> drifts = new ArrayList<>();
        // primary keys and unique constraints first: foreign keys need them
        for (String kind : List.of("p", "u", "c", "f")) {
            for (String n : TableComparison.sorted(expected.constraints().keySet())) {
                Constraint want = expected.constraints().get(n);
                if (want.kind().equals(kind)) drifts.addAll(constraint(want, matched.get(n) == null ? null : live.constraints().get(matched.get(n))));
            }
        }
        live.constraints().keySet().stream().filter(n -> !matched.containsValue(n)).sorted().forEach(n -> drifts.add(
                Drift.extra("constraint", n, "on " + live.constraints().get(n).table() + ": " + live.constraints().get(n).definition())));
        return drifts;
    }

    private static List<Drift> constraint(Constraint want, Constraint have) {
        String what = "on " + want.table() + ": " + want.definition();
        if (have == null) {
            return List.of(Drift.missing("constraint", want.name(), what, List.of(RepairSql.addConstraint(want)),
                    "fails, changing nothing, if existing rows break it: fix those rows first"));
        }
        List<Drift> drifts = new ArrayList<>();
        String alter = alterTable(want.table());
        if (!have.definition().equals(want.definition()) || !have.table().equals(want.table())) {
            boolean onDeleteOnly = want.onDelete() != null && have.onDelete() != null && !want.onDelete().equals(have.onDelete())
                    && have.definition().replace(" ON DELETE " + have.onDelete(), "").equals(want.definition().replace(" ON DELETE " + want.onDelete(), ""));
            drifts.add(Drift.changed("constraint", want.name(), onDeleteOnly ? "on delete" : "definition",
                    onDeleteOnly ? "ON DELETE " + want.onDelete() : what, onDeleteOnly ? "ON DELETE " + have.onDelete()
                            : "on " + have.table() + ": " + have.definition(),
                    List.of(alterTable(have.table()) + "DROP CONSTRAINT " + name(have.name()) + (have.table().equals(want.table())
                            ? ", ADD CONSTRAINT " + name(want.name()) + " " + want.definition() : ""),
                            have.table().equals(want.table()) ? "" : RepairSql.addConstraint(want)).stream().filter(s -> !s.isEmpty()).toList(),
                    "fails, changing nothing, if existing rows break the expected constraint"));
            return drifts;
        }
        if (!have.name().equals(want.name())) {
            drifts.add(Drift.changed("constraint", want.name(), "name", want.name(), have.name(),
                    List.of(alter + "RENAME CONSTRAINT " + name(have.name()) + " TO " + name(want.name())), null));
        }
        if (want.validated() && !have.validated()) {
            drifts.add(Drift.changed("constraint", want.name(), "validity", "valid", "NOT VALID (existing rows never checked)",
                    List.of(alter + "VALIDATE CONSTRAINT " + name(want.name())),
                    "fails, changing nothing, if existing rows break it: fix those rows first"));
        }
        return drifts;
    }

    List<Drift> indexes() {
        Map<String, String> matched = match(expected.indexes(), live.indexes(), Index::shape, (a, b) -> a.table().equals(b.table()));
        List<Drift> drifts = new ArrayList<>();
        for (String n : TableComparison.sorted(expected.indexes().keySet())) {
            Index want = expected.indexes().get(n);
            Index have = matched.get(n) == null ? null : live.indexes().get(matched.get(n));
            if (have == null) {
                drifts.add(Drift.missing("index", n, want.shape(), List.of(RepairSql.createIndex(want)), null));
            } else if (!have.shape().equals(want.shape())) {
                drifts.add(Drift.changed("index", n, aspect(want, have), want.shape(), have.name().equals(n) ? have.shape() : have.name() + " " + have.shape(),
                        List.of(RepairSql.dropIndex(have.name()), RepairSql.createIndex(want)),
                        want.unique() && !have.unique() ? "fails if existing rows hold duplicates: the index is then left INVALID" : null));
            } else {
                if (!have.name().equals(n)) {
                    drifts.add(Drift.changed("index", n, "name", n, have.name(),
                            List.of("ALTER INDEX " + name(have.name()) + " RENAME TO " + name(n)), null));
                }
                if (!have.valid()) {
                    drifts.add(Drift.changed("index", n, "validity", "valid", "INVALID (a failed concurrent build): queries do not use it",
                            List.of("REINDEX INDEX CONCURRENTLY " + name(n)), null));
                }
            }
        }
        live.indexes().keySet().stream().filter(n -> !matched.containsValue(n)).sorted()
                .forEach(n -> drifts.add(Drift.extra("index", n, live.indexes().get(n).shape())));
        return drifts;
    }

    /** In words, what sets two index shapes apart: order (ASC/DESC), uniqueness, predicate, else definition. */
    private static String aspect(Index want, Index have) {
        if (want.table().equals(have.table()) && want.keys().size() == have.keys().size() && want.unique() == have.unique()
                && Objects.equals(want.predicate(), have.predicate())) {
            boolean orderOnly = true;
            for (int i = 0; i < want.keys().size(); i++) {
                orderOnly &= bare(want.keys().get(i)).equals(bare(have.keys().get(i)));
            }
            if (orderOnly) return "order";
        }
        if (want.unique() != have.unique()) return "uniqueness";
        if (!Objects.equals(want.predicate(), have.predicate())) return "predicate";
        return "definition";
    }

    private static String bare(String key) {
        return key.replaceAll(" (DESC|NULLS FIRST|NULLS LAST)", "");
    }
}
