package io.niknotes.setup.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's primary key and unique constraints/indexes, dropped and built again inside the table's load transaction:
 * one sorted build after the COPY costs the server less than keeping the b-trees up to date row by row, and a
 * duplicate still fails the whole transaction (nothing of the table is committed; a kill rolls the drop back too).
 */
final class TableKeys {
    private TableKeys() {
    }

    /** A key's statements: the one that builds it again and the one that drops it. */
    record Key(String create, String drop) {
    }

    /**
     * Drops them; returns them for {@link #restore}. A key that a foreign key still depends
     * on stays (the copy drops the foreign keys of its tables first, so this is only a guard).
     */
    static List<Key> dropForLoad(Connection c, String table) throws SQLException {
        if (hasKeyMetadata(c, table)) return List.of();
        String sql = """
                select 'alter table ' || x.indrelid::regclass || ' add constraint ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid),
                       'alter table ' || x.indrelid::regclass || ' drop constraint ' || quote_ident(k.conname)
                from pg_index x join pg_constraint k on k.conindid = x.indexrelid and k.conrelid = x.indrelid and k.contype in ('p', 'u')
                where x.indrelid = ?::regclass
                  and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = x.indexrelid)
                union all
                select pg_get_indexdef(x.indexrelid), 'drop index ' || x.indexrelid::regclass
                from pg_index x
                where x.indrelid = ?::regclass and x.indisunique
                  and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)""";
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Sql.ident(table));
            ps.setString(2, Sql.ident(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(new Key(rs.getString(1), rs.getString(2)));
            }
        }
        try (Statement st = c.createStatement()) {
            for (Key k : keys) st.execute(k.drop());
        }
        return keys;
    }

    /**
     * What a drop and re-create would lose: a comment, CLUSTER's mark, a replica identity, a tablespace of its own, or
     * partitioning (whose index inheritance a plain drop breaks). Such tables keep their keys during the load.
     */
    private static boolean hasKeyMetadata(Connection c, String table) throws SQLException {
        String sql = """
                select exists (
                  select 1 from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
                  where x.indrelid = ?::regclass and x.indisunique
                    and (x.indisclustered or x.indisreplident or i.reltablespace <> 0 or t.relkind = 'p' or t.relispartition
                         or obj_description(i.oid, 'pg_class') is not null
                         or exists (select 1 from pg_constraint k where k.conindid = x.indexrelid
                                    and obj_description(k.oid, 'pg_constraint') is not null)))""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Sql.ident(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static void restore(Connection c, List<Key> keys) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Key k : keys) st.execute(k.create());
        }
    }
}
