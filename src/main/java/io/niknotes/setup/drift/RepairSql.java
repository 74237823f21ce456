package io.niknotes.setup.drift;

import io.niknotes.setup.drift.SchemaSnapshot.Column;
import io.niknotes.setup.drift.SchemaSnapshot.Constraint;
import io.niknotes.setup.drift.SchemaSnapshot.Index;

import java.util.regex.Pattern;

/** The SQL that restores one object as the migrations build it. Names unqualified: it runs in the app's schema. */
final class RepairSql {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private RepairSql() {
    }

    /** Quoted only when needed, as PostgreSQL itself prints names (keeps the printed SQL readable). */
    static String name(String name) {
        boolean reserved = name.equals("timestamp") || name.equals("user") || name.equals("order") || name.equals("desc");
        return PLAIN.matcher(name).matches() && !reserved ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String alterTable(String table) {
        return "ALTER TABLE " + name(table) + " ";
    }

    /** A column as CREATE TABLE / ADD COLUMN write it (the default of a serial column comes with its sequence). */
    static String columnDefinition(Column c) {
        return name(c.name()) + " " + c.type() + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())
                + (c.notNull() ? " NOT NULL" : "");
    }

    static String addConstraint(Constraint c) {
        return alterTable(c.table()) + "ADD CONSTRAINT " + name(c.name()) + " " + c.definition();
    }

    static String createIndex(Index i) {
        return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY IF NOT EXISTS " + name(i.name()) + " ON " + name(i.table())
                + " USING " + i.method() + " (" + String.join(", ", i.keys()) + ")"
                + (i.include().isEmpty() ? "" : " INCLUDE (" + String.join(", ", i.include()) + ")")
                + (i.predicate() == null ? "" : " WHERE " + i.predicate());
    }

    static String dropIndex(String index) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + name(index);
    }

    /**
     * The USING clause a type change needs: text to an enum has no assignment cast; timestamptz to timestamp keeps the
     * instant as UTC wall-clock time (the app writes naive UTC); integers to boolean. Other changes go through the
     * assignment cast, which fails rather than cut a value that does not fit.
     */
    static String using(String column, String from, String to, boolean toEnum) {
        String c = name(column);
        if (toEnum) return " USING " + c + "::text::" + to;
        if (to.equals("timestamp without time zone") && from.equals("timestamp with time zone")) return " USING " + c + " AT TIME ZONE 'UTC'";
        if (to.equals("boolean") && (from.equals("integer") || from.equals("bigint") || from.equals("smallint"))) return " USING " + c + " <> 0";
        if (to.equals("boolean") && from.equals("text")) return " USING " + c + "::boolean";
        if ((to.equals("integer") || to.equals("bigint") || to.equals("smallint")) && !isNumeric(from)) return " USING " + c + "::" + to;
        return "";
    }

    private static boolean isNumeric(String type) {
        return type.equals("integer") || type.equals("bigint") || type.equals("smallint") || type.startsWith("numeric");
    }
}
