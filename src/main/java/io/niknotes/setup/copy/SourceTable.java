package io.niknotes.setup.copy;

import java.util.List;

/** A table of the SQLite file and its columns in declaration order. */
record SourceTable(String name, List<String> columns, boolean withoutRowid) {
    SourceTable {
        columns = List.copyOf(columns);
    }
}
