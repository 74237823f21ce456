package io.niknotes.setup.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what init and migrate change, as text, so that two states can be compared (tests of init/migrate). */
public final class Catalog {
    private Catalog() {
    }

    /** Role attributes, database owner/ACL, schema owner/ACL, Flyway history and indexes of one app role + database. */
    public static String snapshot(TestServers servers, String role, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = servers.superuser("postgres")) {
            out.addAll(rows(c, "select rolname, rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication, rolbypassrls, "
                    + "rolpassword from pg_authid where rolname = '" + role + "'"));
            out.addAll(rows(c, "select datname, pg_get_userbyid(datdba), datacl::text, pg_encoding_to_char(encoding) "
                    + "from pg_database where datname = '" + database + "'"));
            out.addAll(rows(c, "select roleid::regrole::text, member::regrole::text, admin_option, inherit_option, set_option "
                    + "from pg_auth_members where roleid = '" + role + "'::regrole order by 2, 1"));
        }
        try (Connection c = servers.superuser(database)) {
            out.addAll(rows(c, "select nspname, pg_get_userbyid(nspowner), nspacl::text from pg_namespace where nspname = 'public'"));
            out.addAll(rows(c, "select version, description, script, checksum, success, installed_on::text "
                    + "from flyway_schema_history order by installed_rank"));
            out.addAll(rows(c, "select indexrelid::regclass::text, indisvalid, pg_get_indexdef(indexrelid) from pg_index i "
                    + "join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace "
                    + "where n.nspname = 'public' order by 1"));
            out.addAll(rows(c, "select tablename, tableowner from pg_tables where schemaname = 'public' order by 1"));
        }
        return String.join("\n", out);
    }

    /**
     * What a refused or failed run must leave exactly as it was: every table's rows (count and a digest of their text),
     * indexes, constraints, triggers and sequences, in every schema but the system ones.
     */
    public static String contents(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String table : rows(c, "select format('%I.%I', schemaname, tablename) from pg_tables"
                + " where schemaname not in ('pg_catalog', 'information_schema') order by 1")) {
            out.add(table + " " + value(c, "select count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '-')"
                    + " from " + table + " t"));
        }
        out.addAll(rows(c, "select schemaname, tablename, indexname, indexdef from pg_indexes"
                + " where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2, 3"));
        out.addAll(rows(c, "select conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated from pg_constraint"
                + " where connamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) order by 1, 2"));
        out.addAll(rows(c, "select tgrelid::regclass::text, tgname, tgenabled from pg_trigger where not tgisinternal order by 1, 2"));
        out.addAll(rows(c, "select schemaname, sequencename, last_value from pg_sequences order by 1, 2"));
        return String.join("\n", out);
    }

    public static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) sb.append(i > 1 ? " | " : "").append(rs.getString(i));
                out.add(sb.toString());
            }
        }
        return out;
    }

    public static String value(Connection c, String sql) throws SQLException {
        List<String> r = rows(c, sql);
        return r.isEmpty() ? null : r.get(0);
    }
}
