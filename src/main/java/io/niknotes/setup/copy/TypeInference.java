package io.niknotes.setup.copy;

import io.niknotes.setup.sqlite.StoredTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For {@code --create-missing}: a PostgreSQL table for a SQLite table the schema does not know, typed from the
 * values actually stored (SQLite's storage classes), choosing types that keep every value exactly: integers →
 * bigint, numbers with a fraction → numeric, text → text, blobs → bytea; a column declared BOOLEAN holding only
 * 0/1 → boolean. Timestamps stay text (their form is whatever the file holds). No constraints are added.
 */
final class TypeInference {
    private TypeInference() {
    }

    static TargetTable infer(String table, List<StoredTypes> stored) {
        List<TargetTable.Column> columns = new ArrayList<>();
        for (StoredTypes s : stored) {
            ColumnType type;
            if (s.texts() > 0 || (s.blobs() > 0 && s.integers() + s.reals() > 0)) {
                type = simple(ColumnType.Kind.TEXT, "text");
            } else if (s.blobs() > 0) {
                type = simple(ColumnType.Kind.BYTEA, "bytea");
            } else if (s.reals() > 0) {
                type = simple(ColumnType.Kind.NUMERIC, "numeric");
            } else if (s.integers() > 0 && s.notZeroOrOne() == 0 && s.declaredType().toUpperCase(Locale.ROOT).contains("BOOL")) {
                type = simple(ColumnType.Kind.BOOLEAN, "boolean");
            } else if (s.integers() > 0) {
                type = simple(ColumnType.Kind.BIGINT, "bigint");
            } else {
                type = simple(ColumnType.Kind.TEXT, "text");
            }
            columns.add(new TargetTable.Column(s.column(), type, false, false, false));
        }
        return new TargetTable(table, columns, List.of());
    }

    private static ColumnType simple(ColumnType.Kind kind, String sqlName) {
        return new ColumnType(kind, sqlName, -1, -1, List.of());
    }

    static String createSql(TargetTable t) {
        StringBuilder b = new StringBuilder("create table ").append(Sql.ident(t.name())).append(" (");
        for (int i = 0; i < t.columns().size(); i++) {
            TargetTable.Column c = t.columns().get(i);
            b.append(i == 0 ? "" : ", ").append(Sql.ident(c.name())).append(' ').append(c.type().sqlName());
        }
        return b.append(')').toString();
    }
}
