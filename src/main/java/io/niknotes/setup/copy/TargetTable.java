package io.niknotes.setup.copy;

import java.util.List;

/** A table of the target schema, its columns in order and its primary key columns. */
public record TargetTable(String name, List<Column> columns, List<String> primaryKey) {
    public TargetTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public record Column(String name, ColumnType type, boolean notNull, boolean hasDefault, boolean serial) {
    }

    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) return c;
        }
        return null;
    }
}
