package io.niknotes.setup.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the SQLite data that did not finish, as every command reads it from the copy's record (schema
 * {@code niknotes_copy}, written by {@code migrate-from-sqlite}): after a kill, a power loss or a server crash the
 * record still says "loading", the indexes and foreign keys dropped for the load are listed there, and sequences
 * may be behind their table's largest id (the app's next insert would fail on a duplicate key).
 *
 * @param source      the SQLite file the copy was reading
 * @param mode        how it treated non-empty tables, as recorded (empty_only, truncate, append), or null
 * @param running     the run is still marked as running (false: it finished but left objects to put back)
 * @param indexes     dropped indexes not yet rebuilt, as {@code table.index}
 * @param foreignKeys dropped foreign keys not yet recreated, as {@code table.constraint}
 * @param sequences   sequences behind their column's largest value, as {@code sequence (at N, largest id M)}
 */
public record UnfinishedCopy(String source, String mode, boolean running, List<String> indexes, List<String> foreignKeys, List<String> sequences) {
    public static final String SCHEMA = "niknotes_copy";
    /** The fix when the interrupted run is not known (its record could not be read). */
    public static final String FIX = "run `niknotes-setup migrate-from-sqlite` again with the same file: it finishes the copy and puts back"
            + " what is missing (or `init --from-sqlite FILE`)";

    /**
     * The fix for this copy: the command that finishes it, with its file and the flag it ran with (a --truncate run
     * resumed without --truncate is refused, since the tables it had not reached yet still hold their old rows).
     */
    public String fix() {
        if (source == null) return FIX;
        String file = source.matches("[\\w./:\\\\-]+") ? source : "'" + source.replace("'", "'\\''") + "'";
        String flag = "truncate".equalsIgnoreCase(mode) ? " --truncate" : "append".equalsIgnoreCase(mode) ? " --append" : "";
        return "run `niknotes-setup migrate-from-sqlite` again with the same file: `niknotes-setup migrate-from-sqlite " + file + flag
                + "` finishes the copy and puts back what is missing" + (flag.isEmpty() ? " (or `init --from-sqlite " + file + "`)" : "");
    }

    public UnfinishedCopy {
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        sequences = List.copyOf(sequences);
    }

    /** The unfinished copy recorded in the database {@code c} is connected to, or null when there is none. */
    public static UnfinishedCopy read(Connection c) throws SQLException {
        String source = null;
        String mode = null;
        boolean running = false;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select to_regclass('" + SCHEMA + ".dropped') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) return null; // no copy ever ran here
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select source, status <> 'done', mode from " + SCHEMA + ".run")) {
            if (rs.next()) {
                source = rs.getString(1);
                running = rs.getBoolean(2);
                mode = rs.getString(3);
            }
        }
        List<String> indexes = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select kind, table_name, name from " + SCHEMA + ".dropped order by kind, table_name, name")) {
            while (rs.next()) (rs.getString(1).equals("INDEX") ? indexes : foreignKeys).add(rs.getString(2) + "." + rs.getString(3));
        }
        if (!running && indexes.isEmpty() && foreignKeys.isEmpty()) return null;
        return new UnfinishedCopy(source, mode, running, indexes, foreignKeys, sequencesBehind(c));
    }

    /** Serial and identity columns of the public schema whose sequence would hand out an id already taken. */
    static List<String> sequencesBehind(Connection c) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select quote_ident(t.relname), quote_ident(a.attname),"
                + " pg_get_serial_sequence(quote_ident(t.relname), a.attname) from pg_class t join pg_attribute a on a.attrelid = t.oid"
                + " where t.relnamespace = 'public'::regnamespace and t.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped"
                + " and pg_get_serial_sequence(quote_ident(t.relname), a.attname) is not null order by 1, 2")) {
            while (rs.next()) columns.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
        }
        List<String> behind = new ArrayList<>();
        for (String[] col : columns) {
            String sql = "select s.last_value, s.is_called, m.top from " + col[2] + " s, (select max(" + col[1] + ")::bigint as top from "
                    + col[0] + ") m";
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long next = rs.getLong(1) + (rs.getBoolean(2) ? 1 : 0);
                long top = rs.getLong(3);
                if (!rs.wasNull() && next <= top) behind.add(col[2] + " (next value " + next + ", largest " + col[0] + "." + col[1] + " " + top + ")");
            }
        }
        return behind;
    }

    /** One line: what is unfinished and everything missing because of it. */
    public String summary() {
        StringBuilder b = new StringBuilder(running ? "a copy from SQLite" + (source == null ? "" : " (" + source + ")") + " is unfinished"
                : "a copy from SQLite" + (source == null ? "" : " (" + source + ")") + " left objects to put back");
        List<String> missing = new ArrayList<>();
        if (!indexes.isEmpty()) missing.add(indexes.size() + " index(es) missing: " + String.join(", ", indexes));
        if (!foreignKeys.isEmpty()) missing.add(foreignKeys.size() + " foreign key(s) missing: " + String.join(", ", foreignKeys));
        if (!sequences.isEmpty()) missing.add("sequence(s) not moved past the largest id: " + String.join(", ", sequences));
        if (running) missing.add("tables may be empty or partly loaded");
        return b.append(": ").append(String.join("; ", missing)).toString();
    }
}
