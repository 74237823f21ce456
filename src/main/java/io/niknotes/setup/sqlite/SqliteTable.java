package io.niknotes.setup.sqlite;

import java.util.List;
import java.util.Map;

/**
 * A table of the SQLite file: its columns in declaration order with their declared types, its CREATE statement
 * (lower case, whitespace collapsed) and its b-tree's root page (0 for a virtual table).
 */
public record SqliteTable(String name, List<String> columns, Map<String, String> declaredTypes, String sql, int rootPage) {
    public SqliteTable {
        columns = List.copyOf(columns);
        declaredTypes = Map.copyOf(declaredTypes);
    }

    public boolean withoutRowid() {
        return sql.contains("without rowid");
    }

    public Affinity affinity(String column) {
        return Affinity.of(declaredTypes.getOrDefault(column, ""));
    }
}
