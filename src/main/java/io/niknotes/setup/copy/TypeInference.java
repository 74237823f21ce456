package io.niknotes.setup.copy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    static TargetTable infer(Connection sqlite, Object lock, SourceTable table) throws SQLException {
        List<TargetTable.Column> columns = new ArrayList<>();
        synchronized (lock) {
            for (String column : table.columns()) {
                String declared = declaredType(sqlite, table, column);
                String q = Sql.ident(column);
                String sql = "select sum(typeof(" + q + ") = 'integer'), sum(typeof(" + q + ") = 'real'), sum(typeof(" + q + ") = 'text'),"
                        + " sum(typeof(" + q + ") = 'blob'), sum(typeof(" + q + ") = 'integer' and " + q + " not in (0, 1)) from "
                        + Sql.ident(table.name());
                long ints;
                long reals;
                long texts;
                long blobs;
                long notBool;
                try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    ints = rs.getLong(1);
                    reals = rs.getLong(2);
                    texts = rs.getLong(3);
                    blobs = rs.getLong(4);
                    notBool = rs.getLong(5);
                }
                ColumnType type;
                if (texts > 0 || (blobs > 0 && ints + reals > 0)) {
                    type = simple(ColumnType.Kind.TEXT, "text");
                } else if (blobs > 0) {
                    type = simple(ColumnType.Kind.BYTEA, "bytea");
                } else if (reals > 0) {
                    type = simple(ColumnType.Kind.NUMERIC, "numeric");
                } else if (ints > 0 && notBool == 0 && declared.contains("BOOL")) {
                    type = simple(ColumnType.Kind.BOOLEAN, "boolean");
                } else if (ints > 0) {
                    type = simple(ColumnType.Kind.BIGINT, "bigint");
                } else {
                    type = simple(ColumnType.Kind.TEXT, "text");
                }
                columns.add(new TargetTable.Column(column, type, false, false, false));
            }
        }
        return new TargetTable(table.name(), columns, List.of());
    }

    private static String declaredType(Connection sqlite, SourceTable table, String column) throws SQLException {
        try (var ps = sqlite.prepareStatement("select type from pragma_table_info(?) where name = ?")) {
            ps.setString(1, table.name());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1).toUpperCase(Locale.ROOT) : "";
            }
        }
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
