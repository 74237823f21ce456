package io.niknotes.setup.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What one column of a table holds: how many values of each storage class, and how many integers other than 0
 * and 1 (a column of only 0/1 may be a boolean).
 *
 * @param declaredType the column's declared type as written (may be empty)
 */
public record StoredTypes(String column, String declaredType, long integers, long reals, long texts, long blobs, long notZeroOrOne) {
    /** Each column of {@code table}, in order. The caller holds the snapshot's lock. */
    static List<StoredTypes> read(Connection sqlite, SqliteTable table) throws SQLException {
        List<StoredTypes> columns = new ArrayList<>();
        for (String column : table.columns()) {
            String q = SqliteSource.quote(column);
            String sql = "select sum(typeof(" + q + ") = 'integer'), sum(typeof(" + q + ") = 'real'), sum(typeof(" + q + ") = 'text'),"
                    + " sum(typeof(" + q + ") = 'blob'), sum(typeof(" + q + ") = 'integer' and " + q + " not in (0, 1)) from "
                    + SqliteSource.quote(table.name());
            try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                columns.add(new StoredTypes(column, table.declaredTypes().getOrDefault(column, ""), rs.getLong(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return columns;
    }
}
