package io.niknotes.setup.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough SQL reading for our own migration scripts: statements split on ';', comments dropped. */
final class SqlScripts {
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?is)^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"?[A-Za-z_][A-Za-z0-9_$]*\"?)\\s+ON\\b.*");

    private SqlScripts() {
    }

    /** Statements without comments or the trailing ';' (no dollar-quoting or ';' inside strings in our scripts). */
    static List<String> statements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\n")) {
            int dash = line.indexOf("--");
            sb.append(dash < 0 ? line : line.substring(0, dash)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : sb.toString().split(";")) {
            String st = s.strip().replaceAll("\\s+", " ");
            if (!st.isEmpty()) out.add(st);
        }
        return out;
    }

    /** The index a statement creates, or null when it is not a CREATE INDEX. */
    static String createdIndex(String statement) {
        Matcher m = CREATE_INDEX.matcher(statement);
        return m.matches() ? m.group(1).replace("\"", "") : null;
    }

    /** An index migration only creates indexes (and sets session settings such as lock_timeout). */
    static boolean onlyCreatesIndexes(List<String> statements) {
        boolean any = false;
        for (String s : statements) {
            if (createdIndex(s) != null) {
                any = true;
            } else if (!s.toUpperCase(Locale.ROOT).startsWith("SET ")) {
                return false;
            }
        }
        return any;
    }
}
