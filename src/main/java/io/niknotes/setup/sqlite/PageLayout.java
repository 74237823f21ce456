package io.niknotes.setup.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where each wanted value of a table's records comes from, for {@link PageCursor}: its field in the record, or the
 * rowid (an INTEGER PRIMARY KEY column); {@code real}: the column has REAL affinity, where SQLite stores whole
 * numbers as integers and reads them back as reals; {@code defaults}: what a record written before ALTER TABLE ADD
 * COLUMN, which lacks the field, reads as.
 */
record PageLayout(int rootPage, int[] fields, boolean[] rowidAlias, boolean[] real, Row defaults) {
    private static final Pattern DESC_KEY = Pattern.compile("primary key desc\\b");

    /** The layout of {@code columns}, or null when the table must be read through SQL. The caller holds the lock. */
    static PageLayout find(Connection connection, SqliteTable table, List<String> columns) throws SQLException {
        // virtual tables have no pages; "integer primary key desc" is not a rowid alias (a SQLite quirk)
        if (table.withoutRowid() || table.rootPage() < 1 || table.sql().startsWith("create virtual") || DESC_KEY.matcher(table.sql()).find()) {
            return null;
        }
        Map<String, Integer> field = new LinkedHashMap<>();
        Map<String, String> defaultSql = new LinkedHashMap<>();
        int keys = 0;
        String keyType = null;
        String keyName = null;
        try (var ps = connection.prepareStatement("select name, type, dflt_value, pk, hidden from pragma_table_xinfo(?) order by cid")) {
            ps.setString(1, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(5) != 0) return null; // generated or hidden columns: records hold a different set
                    field.put(rs.getString(1), field.size());
                    defaultSql.put(rs.getString(1), rs.getString(3));
                    if (rs.getInt(4) > 0) {
                        keys++;
                        keyType = rs.getString(2);
                        keyName = rs.getString(1);
                    }
                }
            }
        }
        String alias = keys == 1 && "integer".equalsIgnoreCase(keyType) ? keyName : null;
        int[] fields = new int[columns.size()];
        boolean[] isAlias = new boolean[columns.size()];
        boolean[] real = new boolean[columns.size()];
        Row defaults = new Row(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Integer f = field.get(columns.get(i));
            if (f == null) return null;
            fields[i] = f;
            isAlias[i] = columns.get(i).equals(alias);
            Affinity affinity = table.affinity(columns.get(i));
            real[i] = affinity == Affinity.REAL;
            String d = defaultSql.get(columns.get(i));
            if (d != null && !readDefault(connection, d, affinity, defaults, i)) return null;
        }
        return new PageLayout(table.rootPage(), fields, isAlias, real, defaults);
    }

    /**
     * Evaluates a column's default into {@code defaults[i]} with the column's affinity applied, as SQLite reads it
     * for a record that lacks the field; false when only SQLite can say (not a constant, or text for a number).
     */
    private static boolean readDefault(Connection connection, String sql, Affinity affinity, Row defaults, int i) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select " + sql + ", typeof(" + sql + ")")) {
            if (!rs.next()) return false;
            String type = rs.getString(2);
            boolean numeric = affinity == Affinity.INTEGER || affinity == Affinity.NUMERIC;
            if (numeric && !"integer".equals(type) && !"null".equals(type) || affinity == Affinity.REAL && "text".equals(type)) {
                return false; // text (or real) defaults of numeric columns: let SQLite convert them
            }
            boolean asText = affinity == Affinity.TEXT && ("integer".equals(type) || "real".equals(type)); // a number becomes text
            switch (asText ? "text" : type) {
                case "integer" -> {
                    if (affinity == Affinity.REAL) defaults.setReal(i, rs.getLong(1)); else defaults.setInteger(i, rs.getLong(1));
                }
                case "real" -> defaults.setReal(i, rs.getDouble(1));
                case "text" -> defaults.setBytes(i, StorageClass.TEXT, rs.getBytes(1));
                case "blob" -> defaults.setBytes(i, StorageClass.BLOB, rs.getBytes(1));
                default -> defaults.setNull(i);
            }
            return true;
        } catch (SQLException notConstant) {
            return false;
        }
    }
}
