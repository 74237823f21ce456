package io.niknotes.setup.drift;

import io.niknotes.setup.drift.SchemaSnapshot.Column;
import io.niknotes.setup.drift.SchemaSnapshot.EnumType;
import io.niknotes.setup.drift.SchemaSnapshot.Table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import static io.niknotes.setup.drift.RepairSql.alterTable;
import static io.niknotes.setup.drift.RepairSql.literal;
import static io.niknotes.setup.drift.RepairSql.name;

/** Enum types, tables and columns: expected against live, in the order their repairs must run. */
final class TableComparison {
    private static final String DOES_NOT_FIT = "fails, changing nothing, if a stored value does not fit the expected type "
            + "(nothing is cut or rounded): fix those rows first";

    private final SchemaSnapshot expected;
    private final SchemaSnapshot live;

    TableComparison(SchemaSnapshot expected, SchemaSnapshot live) {
        this.expected = expected;
        this.live = live;
    }

    List<Drift> enums() {
        List<Drift> drifts = new ArrayList<>();
        for (String type : sorted(expected.enums().keySet())) {
            EnumType e = expected.enums().get(type);
            EnumType found = live.enums().get(e.name());
            String labels = String.join(", ", e.labels());
            if (found == null) {
                drifts.add(Drift.missing("enum", e.name(), labels, List.of("CREATE TYPE " + name(e.name()) + " AS ENUM ("
                        + String.join(", ", e.labels().stream().map(RepairSql::literal).toList()) + ")"), null));
            } else if (found.labels().stream().filter(e.labels()::contains).toList().equals(e.labels())) {
                if (found.labels().size() > e.labels().size()) {
                    drifts.add(new Drift("enum", e.name(), "labels", Drift.Severity.EXTRA, labels, String.join(", ", found.labels()), List.of(),
                            "labels the migrations do not have (a later app revision's?) are kept"));
                }
            } else {
                drifts.add(labels(e, found));
            }
        }
        live.enums().keySet().stream().filter(n -> !expected.enums().containsKey(n)).sorted()
                .forEach(n -> drifts.add(Drift.extra("enum", n, String.join(", ", live.enums().get(n).labels()))));
        return drifts;
    }

    /** A label at the same place under another name is renamed; a missing one added in place; extra ones stay. */
    private static Drift labels(EnumType e, EnumType found) {
        List<String> sql = new ArrayList<>();
        List<String> now = new ArrayList<>(found.labels());
        for (int i = 0; i < e.labels().size(); i++) {
            String want = e.labels().get(i);
            if (now.contains(want)) continue;
            String there = i < found.labels().size() ? found.labels().get(i) : null;
            if (there != null && !e.labels().contains(there) && now.contains(there)) {
                sql.add("ALTER TYPE " + name(e.name()) + " RENAME VALUE " + literal(there) + " TO " + literal(want));
                now.set(now.indexOf(there), want);
            } else {
                String before = i + 1 < e.labels().size() ? e.labels().get(i + 1) : null;
                sql.add("ALTER TYPE " + name(e.name()) + " ADD VALUE IF NOT EXISTS " + literal(want)
                        + (before != null && now.contains(before) ? " BEFORE " + literal(before) : ""));
                now.add(before != null && now.contains(before) ? now.indexOf(before) : now.size(), want);
            }
        }
        List<String> kept = now.stream().filter(e.labels()::contains).toList();
        String caveat = !kept.equals(e.labels()) ? "the labels are in another order: an enum's order cannot be changed in place; "
                + "it takes a new type and rewriting every column that uses it (not done here)"
                : now.size() > e.labels().size() ? "labels the migrations do not have are kept (rows may use them)" : null;
        return Drift.changed("enum", e.name(), "labels", String.join(", ", e.labels()), String.join(", ", found.labels()), sql, caveat);
    }

    List<Drift> tables() {
        List<Drift> drifts = new ArrayList<>();
        for (String t : sorted(expected.tables().keySet())) {
            Table want = expected.tables().get(t);
            Table found = live.tables().get(t);
            if (found == null) drifts.add(Drift.missing("table", t, want.columns().size() + " columns", createTable(want), null));
        }
        live.tables().keySet().stream().filter(t -> !expected.tables().containsKey(t)).sorted()
                .forEach(t -> drifts.add(Drift.extra("table", t, live.tables().get(t).columns().size() + " columns")));
        return drifts;
    }

    private static List<String> createTable(Table t) {
        List<String> sql = new ArrayList<>();
        t.columns().stream().filter(c -> c.sequence() != null && c.identity().isEmpty())
                .forEach(c -> sql.add("CREATE SEQUENCE IF NOT EXISTS " + name(c.sequence()) + " AS " + c.type()));
        sql.add("CREATE TABLE " + name(t.name()) + " (" + String.join(", ", t.columns().stream().map(RepairSql::columnDefinition).toList()) + ")");
        t.columns().stream().filter(c -> c.sequence() != null && c.identity().isEmpty())
                .forEach(c -> sql.add("ALTER SEQUENCE " + name(c.sequence()) + " OWNED BY " + name(t.name()) + "." + name(c.name())));
        return sql;
    }

    List<Drift> columns() {
        List<Drift> drifts = new ArrayList<>();
        for (String t : sorted(expected.tables().keySet())) {
            Table found = live.tables().get(t);
            if (found == null) continue;
            for (Column want : expected.tables().get(t).columns()) {
                Column have = found.column(want.name());
                String object = t + "." + want.name();
                if (have == null) {
                    drifts.add(Drift.missing("column", object, RepairSql.columnDefinition(want),
                            List.of(alterTable(t) + "ADD COLUMN " + RepairSql.columnDefinition(want)),
                            want.notNull() && want.defaultValue() == null ? "fails if the table has rows: they need a value first" : null));
                } else {
                    drifts.addAll(column(t, object, want, have));
                }
            }
            found.columns().stream().filter(c -> expected.tables().get(t).column(c.name()) == null)
                    .forEach(c -> drifts.add(Drift.extra("column", t + "." + c.name(), RepairSql.columnDefinition(c))));
        }
        return drifts;
    }

    private List<Drift> column(String table, String object, Column want, Column have) {
        List<Drift> drifts = new ArrayList<>();
        String alter = alterTable(table) + "ALTER COLUMN " + name(want.name()) + " ";
        boolean defaultDiffers = !Objects.equals(want.defaultValue(), have.defaultValue());
        if (!want.type().equals(have.type())) {
            boolean toEnum = expected.enums().containsKey(want.type());
            List<String> sql = new ArrayList<>();
            if (have.defaultValue() != null && defaultDiffers) sql.add(alter + "DROP DEFAULT");
            sql.add(alter + "TYPE " + want.type() + RepairSql.using(want.name(), have.type(), want.type(), toEnum));
            String caveat = toEnum ? "fails, changing nothing, if a row holds a value that is not a label of " + want.type()
                    : have.type().equals("timestamp with time zone") ? "keeps each instant as its UTC time (the app stores UTC without a "
                    + "time zone); if the values were written at another zone than UTC, they read as that zone's UTC time"
                    : widening(have.type(), want.type()) ? null : DOES_NOT_FIT;
            drifts.add(Drift.changed("column", object, "type", want.type(), have.type(), sql, caveat));
        }
        if (want.notNull() != have.notNull()) {
            drifts.add(Drift.changed("column", object, "not null", want.notNull() ? "NOT NULL" : "nullable", have.notNull() ? "NOT NULL" : "nullable",
                    List.of(alter + (want.notNull() ? "SET NOT NULL" : "DROP NOT NULL")),
                    want.notNull() ? "fails, changing nothing, if a row holds NULL in " + object + ": give those rows a value first" : null));
        }
        if (want.sequence() != null && have.sequence() == null && want.identity().isEmpty()) {
            drifts.add(Drift.changed("column", object, "sequence", "owns sequence " + want.sequence() + ", DEFAULT " + want.defaultValue(),
                    have.defaultValue() == null ? "no sequence and no default" : "no owned sequence, DEFAULT " + have.defaultValue(),
                    List.of("CREATE SEQUENCE IF NOT EXISTS " + name(want.sequence()) + " AS " + want.type() + " OWNED BY " + name(table) + "." + name(want.name()),
                            "SELECT setval(" + literal(name(want.sequence())) + ", coalesce(max(" + name(want.name()) + "), 0) + 1, false) FROM " + name(table),
                            alter + "SET DEFAULT " + want.defaultValue()), null));
        } else if (defaultDiffers) {
            drifts.add(Drift.changed("column", object, "default", want.defaultValue() == null ? "no default" : want.defaultValue(),
                    have.defaultValue() == null ? "no default" : have.defaultValue(),
                    List.of(alter + (want.defaultValue() == null ? "DROP DEFAULT" : "SET DEFAULT " + want.defaultValue())), null));
        }
        if (!want.identity().equals(have.identity())) {
            drifts.add(Drift.changed("column", object, "identity", identity(want.identity()), identity(have.identity()), List.of(),
                    "no automatic repair: changing an identity column needs its sequence moved by hand"));
        }
        return drifts;
    }

    /** Changes no stored value can fail: text and unbounded varchar are the same strings, smaller integers fit larger ones. */
    static boolean widening(String from, String to) {
        List<String> strings = List.of("text", "character varying");
        List<String> integers = List.of("smallint", "integer", "bigint");
        if (strings.contains(from) && strings.contains(to)) return true;
        return integers.contains(from) && integers.contains(to) && integers.indexOf(from) <= integers.indexOf(to);
    }

    private static String identity(String code) {
        return switch (code) {
            case "a" -> "GENERATED ALWAYS AS IDENTITY";
            case "d" -> "GENERATED BY DEFAULT AS IDENTITY";
            default -> "not an identity column";
        };
    }

    static List<String> sorted(Collection<String> names) {
        return names.stream().sorted().toList();
    }
}
