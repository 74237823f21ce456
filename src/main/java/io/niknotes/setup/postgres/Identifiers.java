package io.niknotes.setup.postgres;

import io.niknotes.setup.SetupException;

import java.util.regex.Pattern;

/**
 * PostgreSQL names the tool creates: validated against a conservative pattern (so that the name in the catalog
 * is exactly what the user typed) and always double-quoted in SQL.
 */
public final class Identifiers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private Identifiers() {
    }

    /** @param what the option or setting that gave the name, for the message */
    public static String validate(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null ? "(none)" : name.length() > 40 ? name.substring(0, 40) + "…" : name;
            throw SetupException.usage(what + " '" + shown + "' is not a valid name",
                    "use letters, digits, _ and $ only, starting with a letter or _, at most 63 characters");
        }
        return name;
    }

    /** The name as a quoted SQL identifier. */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A SQL string literal (standard_conforming_strings on, the default since PostgreSQL 9.1). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
