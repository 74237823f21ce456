package io.niknotes.setup.copy;

import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table's primary key and unique indexes, dropped and re-created inside the table's own load transaction so
 * PostgreSQL builds them once, sorted, instead of row by row. DDL and rows commit together: a kill leaves the
 * table as it was, and a duplicate in the source makes the re-creation fail, which rolls the whole table back.
 * Only for a table that is empty at the start of the transaction (never for --append, where existing rows must be
 * checked against the new ones as they arrive).
 */
final class BulkKeys {
    /** A primary key, unique constraint or unique index, with what it takes to build it again. */
    record Key(String name, boolean constraint, String definition, List<String> columns, boolean partial) {
        String dropSql(String table) {
            return constraint ? "alter table " + Sql.ident(table) + " drop constraint " + Sql.ident(name) : "drop index " + Sql.ident(name);
        }

        String createSql(String table) {
            return constraint ? "alter table " + Sql.ident(table) + " add constraint " + Sql.ident(name) + " " + definition : definition;
        }
    }

    private static final int SAMPLE = 5;

    private final String table;
    private final List<Key> keys;

    private BulkKeys(String table, List<Key> keys) {
        this.table = table;
        this.keys = keys;
    }

    /**
     * Drops the table's primary key and unique indexes, or drops none when one of them cannot go (something outside
     * the copy depends on it, e.g. a foreign key from another schema): then the load keeps them, as before.
     */
    static BulkKeys drop(Connection c, String table) throws SQLException {
        List<Key> keys = read(c, table);
        if (keys.isEmpty()) return new BulkKeys(table, keys);
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            for (Key k : keys) st.execute(k.dropSql(table));
            c.releaseSavepoint(sp);
            return new BulkKeys(table, keys);
        } catch (SQLException e) {
            c.rollback(sp);
            return new BulkKeys(table, List.of());
        }
    }

    private static List<Key> read(Connection c, String table) throws SQLException {
        String sql = """
                select coalesce(k.conname, i.relname), k.oid is not null,
                       case when k.oid is not null then pg_get_constraintdef(k.oid) else pg_get_indexdef(x.indexrelid) end,
                       array(select a.attname from unnest(x.indkey) with ordinality u(num, ord)
                             join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.num order by u.ord),
                       x.indnkeyatts, x.indpred is not null or x.indexprs is not null, x.indisreplident
                from pg_index x
                join pg_class i on i.oid = x.indexrelid
                join pg_class t on t.oid = x.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                left join pg_constraint k on k.conindid = x.indexrelid and k.conrelid = x.indrelid and k.contype in ('p', 'u')
                where n.nspname = current_schema() and t.relname = ? and (x.indisunique or x.indisprimary)
                  and not exists (select 1 from pg_constraint o where o.conindid = x.indexrelid and o.contype not in ('p', 'u'))
                order by x.indisprimary desc, 1""";
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(7)) return List.of(); // the replica identity: leave the table's keys alone
                    List<String> cols = Arrays.asList((String[]) rs.getArray(4).getArray());
                    cols = cols.subList(0, Math.min(cols.size(), rs.getInt(5)));
                    keys.add(new Key(rs.getString(1), rs.getBoolean(2), rs.getString(3), List.copyOf(cols), rs.getBoolean(6)));
                }
            }
        }
        return keys;
    }

    /** How many keys were dropped (and will be built by {@link #rebuild}). */
    int count() {
        return keys.size();
    }

    /**
     * Builds every dropped key again. A duplicate makes it throw, naming the key, its columns and a sample of the
     * duplicated values; the caller rolls back, so nothing of the table is committed.
     */
    void rebuild(Connection c) throws SQLException {
        for (Key k : keys) {
            Savepoint sp = c.setSavepoint();
            try (Statement st = c.createStatement()) {
                st.execute(k.createSql(table));
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                c.rollback(sp);
                throw new SQLException(explain(c, k, e), e.getSQLState(), e);
            }
        }
    }

    private String explain(Connection c, Key k, SQLException e) throws SQLException {
        String what = (k.constraint() && k.definition().startsWith("PRIMARY KEY") ? "primary key " : "unique key ") + k.name()
                + " (" + String.join(", ", k.columns()) + ")";
        if (!"23505".equals(e.getSQLState())) return table + ": could not build " + what + ": " + e.getMessage();
        StringBuilder m = new StringBuilder(table).append(" holds duplicate values of its ").append(what);
        List<String> sample = k.partial() ? List.of() : duplicates(c, k);
        if (!sample.isEmpty()) {
            m.append(", e.g. ").append(String.join("; ", sample));
        } else if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getDetail() != null) {
            m.append(": ").append(p.getServerErrorMessage().getDetail());
        }
        return m.append("; nothing of ").append(table).append(" was loaded (fix the duplicates in the SQLite file and run again)").toString();
    }

    /** Up to {@value #SAMPLE} duplicated values with their number of rows, from the rows loaded so far. */
    private List<String> duplicates(Connection c, Key k) throws SQLException {
        StringBuilder cols = new StringBuilder();
        StringBuilder notNull = new StringBuilder();
        for (String col : k.columns()) {
            cols.append(cols.isEmpty() ? "" : ", ").append(Sql.ident(col));
            notNull.append(notNull.isEmpty() ? "" : " and ").append(Sql.ident(col)).append(" is not null");
        }
        String sql = "select concat_ws(', ', " + cols + "), count(*) from " + Sql.ident(table) + " where " + notNull + " group by " + cols
                + " having count(*) > 1 order by count(*) desc, 1 limit " + SAMPLE;
        List<String> sample = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) sample.add(k.columns().size() == 1 ? k.columns().get(0) + "=" + rs.getString(1) + " (" + rs.getLong(2) + " rows)"
                    : "(" + rs.getString(1) + ") (" + rs.getLong(2) + " rows)");
        }
        return sample;
    }
}
