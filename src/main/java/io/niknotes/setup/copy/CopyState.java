package io.niknotes.setup.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The copy's memory inside the target database (schema {@code niknotes_copy}), so a run killed at any moment can
 * be finished by running again: the run and its source fingerprint, each table's status (written in the same
 * transaction as its rows, so "loaded" and the rows commit together), and the indexes and foreign keys dropped
 * for the load until they are recreated.
 */
final class CopyState {
    static final String SCHEMA = "niknotes_copy";

    /** An unfinished earlier run. */
    record Run(String source, String fingerprint, String mode) {
    }

    /** A table an earlier run committed. */
    record LoadedTable(long read, long loaded, long rejected, long fixed, long checksum, long rowsBefore, long checksumBefore,
                       double seconds, String fingerprint, boolean checksummed, RowHash.Scheme scheme) {
    }

    private CopyState() {
    }

    static boolean exists(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select to_regclass('" + SCHEMA + ".run') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create schema if not exists " + SCHEMA);
            st.execute("create table if not exists " + SCHEMA + ".run (id int primary key check (id = 1), status text not null,"
                    + " source text not null, fingerprint text not null, mode text not null, started_at timestamptz not null default now(),"
                    + " finished_at timestamptz)");
            st.execute("create table if not exists " + SCHEMA + ".loaded_table (table_name text primary key, read bigint not null,"
                    + " loaded bigint not null, rejected bigint not null, fixed bigint not null, checksum bigint not null,"
                    + " rows_before bigint not null, checksum_before bigint not null, seconds double precision not null,"
                    + " fingerprint text not null, checksummed boolean not null, checksum_scheme text not null default 'md5')");
            // state tables from an earlier version of the tool (whose checksums were all md5)
            st.execute("alter table " + SCHEMA + ".loaded_table add column if not exists checksummed boolean not null default false");
            st.execute("alter table " + SCHEMA + ".loaded_table add column if not exists checksum_scheme text not null default 'md5'");
            st.execute("create table if not exists " + SCHEMA + ".dropped (kind text not null, table_name text not null, name text not null,"
                    + " definition text not null, primary key (kind, table_name, name))");
        }
    }

    static Run unfinishedRun(Connection c) throws SQLException {
        return run(c, "status <> 'done'");
    }

    /** Forgets a run that committed no table and left nothing dropped (stopped by damage before its first commit). */
    static void forgetRunWithoutTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("delete from " + SCHEMA + ".run where status <> 'done' and not exists (select 1 from " + SCHEMA + ".loaded_table)"
                    + " and not exists (select 1 from " + SCHEMA + ".dropped)");
        }
    }

    /** The finished run, or null. */
    static Run finishedRun(Connection c) throws SQLException {
        return run(c, "status = 'done'");
    }

    private static Run run(Connection c, String condition) throws SQLException {
        if (!exists(c)) return null;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select source, fingerprint, mode from " + SCHEMA + ".run where " + condition)) {
            return rs.next() ? new Run(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
        }
    }

    static Map<String, LoadedTable> loadedTables(Connection c) throws SQLException {
        Map<String, LoadedTable> loaded = new HashMap<>();
        if (!exists(c)) return loaded;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select table_name, read, loaded, rejected, fixed, checksum, rows_before, checksum_before,"
                     + " seconds, fingerprint, checksummed, checksum_scheme from " + SCHEMA + ".loaded_table")) {
            while (rs.next()) {
                loaded.put(rs.getString(1), new LoadedTable(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8), rs.getDouble(9), rs.getString(10), rs.getBoolean(11),
                        RowHash.Scheme.ofStored(rs.getString(12))));
            }
        }
        return loaded;
    }

    /** A fresh run: forget the tables of any earlier (finished) run. Dropped objects are kept until recreated. */
    static void startRun(Connection c, String source, String fingerprint, TargetMode mode) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("delete from " + SCHEMA + ".loaded_table");
            st.execute("delete from " + SCHEMA + ".run");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + SCHEMA + ".run (id, status, source, fingerprint, mode)"
                + " values (1, 'loading', ?, ?, ?)")) {
            ps.setString(1, source);
            ps.setString(2, fingerprint);
            ps.setString(3, mode.toString());
            ps.executeUpdate();
        }
    }

    static void forgetTable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + SCHEMA + ".loaded_table where table_name = ?")) {
            ps.setString(1, table);
            ps.executeUpdate();
        }
    }

    /** Called inside the table's load transaction, just before its commit. */
    static void tableLoaded(Connection c, String table, LoadedTable t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + SCHEMA + ".loaded_table (table_name, read, loaded, rejected,"
                + " fixed, checksum, rows_before, checksum_before, seconds, fingerprint, checksummed, checksum_scheme)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (table_name) do update set read = excluded.read, loaded = excluded.loaded, rejected = excluded.rejected,"
                + " fixed = excluded.fixed, checksum = excluded.checksum, rows_before = excluded.rows_before,"
                + " checksum_before = excluded.checksum_before, seconds = excluded.seconds, fingerprint = excluded.fingerprint,"
                + " checksummed = excluded.checksummed, checksum_scheme = excluded.checksum_scheme")) {
            ps.setString(1, table);
            ps.setLong(2, t.read());
            ps.setLong(3, t.loaded());
            ps.setLong(4, t.rejected());
            ps.setLong(5, t.fixed());
            ps.setLong(6, t.checksum());
            ps.setLong(7, t.rowsBefore());
            ps.setLong(8, t.checksumBefore());
            ps.setDouble(9, t.seconds());
            ps.setString(10, t.fingerprint());
            ps.setBoolean(11, t.checksummed());
            ps.setString(12, t.scheme().stored());
            ps.executeUpdate();
        }
    }

    static void finishRun(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("update " + SCHEMA + ".run set status = 'done', finished_at = now()");
        }
    }

    static List<DroppedObject> dropped(Connection c) throws SQLException {
        List<DroppedObject> list = new ArrayList<>();
        if (!exists(c)) return list;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select kind, table_name, name, definition from " + SCHEMA + ".dropped order by kind desc, name")) {
            while (rs.next()) {
                list.add(new DroppedObject(DroppedObject.Kind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return list;
    }

    /** Records then drops, in one transaction: a kill leaves either both or neither. */
    static void drop(Connection c, List<DroppedObject> objects) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("insert into " + SCHEMA + ".dropped values (?, ?, ?, ?) on conflict do nothing");
             Statement st = c.createStatement()) {
            // foreign keys first: an index may back one
            for (DroppedObject o : objects.stream().sorted((a, b) -> b.kind().compareTo(a.kind())).toList()) {
                ps.setString(1, o.kind().name());
                ps.setString(2, o.table());
                ps.setString(3, o.name());
                ps.setString(4, o.definition());
                ps.executeUpdate();
                st.execute(o.dropSql());
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static boolean present(Connection c, DroppedObject o) throws SQLException {
        String sql = o.kind() == DroppedObject.Kind.INDEX ? "select to_regclass(quote_ident(?)) is not null and ? is not null"
                : "select exists (select 1 from pg_constraint where conname = ? and conrelid = to_regclass(quote_ident(?)))";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, o.name());
            ps.setString(2, o.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Recreates one object and forgets it, in one transaction. */
    static void recreate(Connection c, DroppedObject o) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement("delete from " + SCHEMA + ".dropped where kind = ? and table_name = ? and name = ?")) {
            if (!present(c, o)) st.execute(o.createSql()); // someone (an index migration) may have built it meanwhile
            ps.setString(1, o.kind().name());
            ps.setString(2, o.table());
            ps.setString(3, o.name());
            ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
