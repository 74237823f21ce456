package io.niknotes.setup.copy;

/** Quoting of identifiers, the same on both sides (SQLite and PostgreSQL accept double-quoted identifiers). */
final class Sql {
    private Sql() {
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
