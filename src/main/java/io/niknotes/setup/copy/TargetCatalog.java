package io.niknotes.setup.copy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The target schema as PostgreSQL's catalog describes it: tables, column types, enum labels, keys, indexes. */
final class TargetCatalog {
    private final Map<String, TargetTable> tables;
    private final List<ForeignKey> foreignKeys;

    private TargetCatalog(Map<String, TargetTable> tables, List<ForeignKey> foreignKeys) {
        this.tables = tables;
        this.foreignKeys = foreignKeys;
    }

    Map<String, TargetTable> tables() {
        return tables;
    }

    List<ForeignKey> foreignKeys() {
        return foreignKeys;
    }

    static TargetCatalog read(Connection c) throws SQLException {
        Map<Long, List<String>> labels = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select enumtypid, enumlabel from pg_enum order by enumtypid, enumsortorder")) {
            while (rs.next()) labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
        Map<String, List<TargetTable.Column>> columns = new LinkedHashMap<>();
        String sql = """
                select c.relname, a.attname, t.typname, t.typtype, t.oid, a.atttypmod, a.attnotnull, a.atthasdef,
                       format_type(a.atttypid, a.atttypmod), pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null
                         or a.attidentity <> ''
                from pg_attribute a
                join pg_class c on c.oid = a.attrelid
                join pg_namespace n on n.oid = c.relnamespace
                join pg_type t on t.oid = a.atttypid
                where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
                  and a.attgenerated = ''
                order by c.relname, a.attnum""";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String typname = rs.getString(3);
                char typtype = rs.getString(4).charAt(0);
                int typmod = rs.getInt(6);
                ColumnType.Kind kind = ColumnType.kindOf(typname, typtype);
                int maxLength = (typname.equals("varchar") || typname.equals("bpchar")) && typmod > 4 ? typmod - 4 : -1;
                int scale = typname.equals("numeric") && typmod > 4 ? (typmod - 4) & 0xFFFF : -1;
                ColumnType type = new ColumnType(kind, rs.getString(9), maxLength, scale,
                        kind == ColumnType.Kind.ENUM ? labels.getOrDefault(rs.getLong(5), List.of()) : List.of());
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new TargetTable.Column(rs.getString(2), type, rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(10)));
            }
        }
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        List<ForeignKey> fks = new ArrayList<>();
        String keys = """
                select k.contype, k.conname, c.relname, p.relname,
                       array(select attname from unnest(k.conkey) with ordinality u(num, ord)
                             join pg_attribute on attrelid = k.conrelid and attnum = u.num order by u.ord),
                       array(select attname from unnest(k.confkey) with ordinality u(num, ord)
                             join pg_attribute on attrelid = k.confrelid and attnum = u.num order by u.ord)
                from pg_constraint k
                join pg_class c on c.oid = k.conrelid
                join pg_namespace n on n.oid = c.relnamespace
                left join pg_class p on p.oid = k.confrelid
                where n.nspname = current_schema() and k.contype in ('p', 'f')
                order by k.conname""";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(keys)) {
            while (rs.next()) {
                List<String> cols = strings(rs.getArray(5));
                if (rs.getString(1).equals("p")) {
                    primaryKeys.put(rs.getString(3), cols);
                } else {
                    fks.add(new ForeignKey(rs.getString(2), rs.getString(3), cols, rs.getString(4), strings(rs.getArray(6))));
                }
            }
        }
        Map<String, TargetTable> tables = new LinkedHashMap<>();
        columns.forEach((name, cols) -> tables.put(name, new TargetTable(name, cols, primaryKeys.getOrDefault(name, List.of()))));
        return new TargetCatalog(tables, List.copyOf(fks));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** Secondary objects that slow a bulk load: non-unique indexes (not backing a constraint) and foreign keys. */
    static List<DroppedObject> secondaryObjects(Connection c, List<String> tables) throws SQLException {
        List<DroppedObject> found = new ArrayList<>();
        String indexes = """
                select i.relname, t.relname, pg_get_indexdef(x.indexrelid)
                from pg_index x
                join pg_class i on i.oid = x.indexrelid
                join pg_class t on t.oid = x.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema() and t.relname = any(?) and not x.indisunique and not x.indisprimary
                  and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
                order by i.relname""";
        String fks = """
                select k.conname, c.relname, pg_get_constraintdef(k.oid)
                from pg_constraint k
                join pg_class c on c.oid = k.conrelid
                join pg_namespace n on n.oid = c.relnamespace
                join pg_class p on p.oid = k.confrelid
                where k.contype = 'f' and n.nspname = current_schema() and (c.relname = any(?) or p.relname = any(?))
                order by k.conname""";
        Array names = c.createArrayOf("text", tables.toArray());
        try (PreparedStatement ps = c.prepareStatement(indexes)) {
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(new DroppedObject(DroppedObject.Kind.INDEX, rs.getString(2), rs.getString(1), rs.getString(3)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(fks)) {
            ps.setArray(1, names);
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new DroppedObject(DroppedObject.Kind.FOREIGN_KEY, rs.getString(2), rs.getString(1), rs.getString(3)));
                }
            }
        }
        return found;
    }

    /** The rows of a target table (counted up to a billion). */
    static long rows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from (select 1 from " + Sql.ident(table) + " limit 1000000000) t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select exists (select 1 from " + Sql.ident(table) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
