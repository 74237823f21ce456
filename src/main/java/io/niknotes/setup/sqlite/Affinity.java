package io.niknotes.setup.sqlite;

import java.util.Locale;

/** A column's type affinity, from its declared type by SQLite's rules (datatype3.html, 3.1). */
public enum Affinity {
    INTEGER, TEXT, BLOB, REAL, NUMERIC;

    public static Affinity of(String declaredType) {
        String t = declaredType.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) return INTEGER;
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) return TEXT;
        if (t.contains("BLOB") || t.isEmpty()) return BLOB;
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) return REAL;
        return NUMERIC;
    }
}
