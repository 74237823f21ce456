package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.FieldType;
import io.niknotes.setup.sqlite.SqliteTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How one SQLite table is loaded: which columns go where, how numbers in timestamp columns are read, and which
 * foreign-key values mark a row as an orphan.
 *
 * @param source       the SQLite table
 * @param target       the PostgreSQL table of the same name
 * @param columns      the copied columns (present on both sides), in target order
 * @param epochUnits   for each copied column, how numbers are read when it is a timestamp column
 * @param rows         the source's row count
 * @param unknown      source columns with no target column (not copied; reported)
 */
record TablePlan(SqliteTable source, TargetTable target, List<TargetTable.Column> columns, List<Timestamps.EpochUnit> epochUnits,
                 long rows, List<String> unknown) {
    TablePlan {
        columns = List.copyOf(columns);
        epochUnits = List.copyOf(epochUnits);
        unknown = List.copyOf(unknown);
    }

    String name() {
        return source.name();
    }

    List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (TargetTable.Column c : columns) names.add(c.name());
        return names;
    }

    List<FieldType> fieldTypes() {
        List<FieldType> types = new ArrayList<>();
        for (TargetTable.Column c : columns) types.add(c.type().fieldType());
        return types;
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) return i;
        }
        return -1;
    }

    int[] indexesOf(List<String> names) {
        int[] idx = new int[names.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = indexOf(names.get(i));
        return idx;
    }

    List<TargetTable.Column> checksummed() {
        return columns.stream().filter(c -> c.type().checksummable()).toList();
    }

    /** Where the checksummed columns are in a loaded row. */
    int[] checksummedIndexes() {
        return java.util.stream.IntStream.range(0, columns.size()).filter(i -> columns.get(i).type().checksummable()).toArray();
    }

    List<String> notChecksummed() {
        List<String> names = new ArrayList<>();
        for (TargetTable.Column c : columns) {
            if (!c.type().checksummable()) names.add(c.name());
        }
        return names;
    }

    /**
     * Rows whose foreign-key value is in {@code badValues} are orphans.
     *
     * @param badValues the child-column values (one text per column, as SQLite gives it) with no loadable parent row
     */
    record OrphanFilter(ForeignKey fk, int[] columns, Set<List<String>> badValues) {
    }
}
