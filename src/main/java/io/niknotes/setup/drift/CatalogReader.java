package io.niknotes.setup.drift;

import io.niknotes.setup.drift.SchemaSnapshot.Applied;
import io.niknotes.setup.drift.SchemaSnapshot.Column;
import io.niknotes.setup.drift.SchemaSnapshot.Constraint;
import io.niknotes.setup.drift.SchemaSnapshot.EnumType;
import io.niknotes.setup.drift.SchemaSnapshot.Index;
import io.niknotes.setup.drift.SchemaSnapshot.Table;

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

/**
 * Reads one schema's catalog into a {@link SchemaSnapshot}. The schema is put alone on the search path while it is read,
 * so that types, defaults and definitions come out unqualified and two schemas of the same database compare as equals.
 */
public final class CatalogReader {
    private static final String COLUMNS = """
            select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                   a.attidentity::text,
                   (select s.relname from pg_depend dep join pg_class s on s.oid = dep.objid
                     where dep.classid = 'pg_class'::regclass and dep.refclassid = 'pg_class'::regclass and dep.refobjid = c.oid
                       and dep.refobjsubid = a.attnum and dep.deptype in ('a', 'i') and s.relkind = 'S' limit 1)
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
             where n.nspname = ? and c.relkind in ('r', 'p') and c.relname <> 'flyway_schema_history'
             order by c.relname, a.attnum""";
    private static final String ENUMS = """
            select t.typname, array_agg(e.enumlabel::text order by e.enumsortorder)
              from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
             where n.nspname = ? group by t.typname""";
    private static final String CONSTRAINTS = """
            select con.conname, c.relname, con.contype::text, pg_get_constraintdef(con.oid), con.convalidated, con.confdeltype::text,
                   array(select a.attname::text from unnest(con.conkey) with ordinality k(num, pos)
                          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.pos)
              from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = ? and con.contype in ('p', 'u', 'f', 'c') and c.relname <> 'flyway_schema_history'""";
    private static final String INDEXES = """
            select i.relname, t.relname, am.amname, x.indisunique, x.indisvalid, x.indnkeyatts,
                   array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnatts) k order by k),
                   x.indoption::int2[], pg_get_expr(x.indpred, x.indrelid, true)
              from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
              join pg_namespace n on n.oid = t.relnamespace join pg_am am on am.oid = i.relam
             where n.nspname = ? and t.relname <> 'flyway_schema_history'
               and not exists (select 1 from pg_constraint con where con.conindid = x.indexrelid and con.conrelid = x.indrelid
                                                            and con.contype in ('p', 'u', 'x'))""";

    private final Connection connection;

    public CatalogReader(Connection connection) {
        this.connection = connection;
    }

    /** The schema the connection uses by default (where the app's tables live). */
    public String currentSchema() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public SchemaSnapshot read(String schema) throws SQLException {
        String path;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("show search_path")) {
            rs.next();
            path = rs.getString(1);
        }
        setPath(quote(schema));
        try {
            return new SchemaSnapshot(schema, tables(schema), enums(schema), constraints(schema), indexes(schema),
                    alembic(schema), history(schema));
        } finally {
            setPath(path);
        }
    }

    private void setPath(String path) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select set_config('search_path', ?, false)")) {
            ps.setString(1, path);
            ps.execute();
        }
    }

    private Map<String, Table> tables(String schema) throws SQLException {
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = query(COLUMNS, schema); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new Column(rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        columns.forEach((name, cols) -> tables.put(name, new Table(name, cols)));
        return tables;
    }

    private Map<String, EnumType> enums(String schema) throws SQLException {
        Map<String, EnumType> enums = new LinkedHashMap<>();
        try (PreparedStatement ps = query(ENUMS, schema); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) enums.put(rs.getString(1), new EnumType(rs.getString(1), strings(rs.getArray(2))));
        }
        return enums;
    }

    private Map<String, Constraint> constraints(String schema) throws SQLException {
        Map<String, Constraint> constraints = new LinkedHashMap<>();
        try (PreparedStatement ps = query(CONSTRAINTS, schema); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String definition = rs.getString(4).replaceFirst(" NOT VALID$", "");
                String kind = rs.getString(3);
                constraints.put(rs.getString(1), new Constraint(rs.getString(1), rs.getString(2), kind, strings(rs.getArray(7)), definition,
                        kind.equals("f") ? action(rs.getString(6)) : null, rs.getBoolean(5)));
            }
        }
        return constraints;
    }

    private Map<String, Index> indexes(String schema) throws SQLException {
        Map<String, Index> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = query(INDEXES, schema); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int keyCount = rs.getInt(6);
                List<String> columns = strings(rs.getArray(7));
                Object[] options = (Object[]) rs.getArray(8).getArray();
                List<String> keys = new ArrayList<>();
                for (int k = 0; k < keyCount; k++) keys.add(columns.get(k) + order(((Number) options[k]).intValue()));
                indexes.put(rs.getString(1), new Index(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                        keys, columns.subList(keyCount, columns.size()), rs.getString(9)));
            }
        }
        return indexes;
    }

    /** pg_index.indoption: bit 0 DESC, bit 1 NULLS FIRST; only what differs from the direction's default is written. */
    static String order(int option) {
        boolean desc = (option & 1) != 0;
        boolean nullsFirst = (option & 2) != 0;
        return (desc ? " DESC" : "") + (desc && !nullsFirst ? " NULLS LAST" : !desc && nullsFirst ? " NULLS FIRST" : "");
    }

    private List<String> alembic(String schema) throws SQLException {
        if (!exists(schema, "alembic_version")) return null;
        List<String> versions = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select version_num from " + quote(schema) + ".alembic_version order by 1")) {
            while (rs.next()) versions.add(rs.getString(1));
        }
        return versions;
    }

    private List<Applied> history(String schema) throws SQLException {
        if (!exists(schema, "flyway_schema_history")) return null;
        List<Applied> applied = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select version, description, type, script, "
                + "checksum, success from " + quote(schema) + ".flyway_schema_history where version is not null and type <> 'SCHEMA' "
                + "order by installed_rank")) {
            while (rs.next()) {
                applied.add(new Applied(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5), rs.getBoolean(6)));
            }
        }
        return applied;
    }

    private boolean exists(String schema, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                + "where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'p')")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private PreparedStatement query(String sql, String schema) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        ps.setString(1, schema);
        return ps;
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static String action(String code) {
        return switch (code) {
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            case "r" -> "RESTRICT";
            default -> "NO ACTION";
        };
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
