package io.niknotes.setup.copy;

/** An index or foreign key dropped for the load and recorded in the state table until it is recreated. */
public record DroppedObject(Kind kind, String table, String name, String definition) {
    public enum Kind { INDEX, FOREIGN_KEY }

    /** A foreign key's referenced table (from its definition, "FOREIGN KEY (…) REFERENCES trips(id) …"), else null. */
    String referencedTable() {
        if (kind != Kind.FOREIGN_KEY) return null;
        java.util.regex.Matcher m = REFERENCES.matcher(definition);
        if (!m.find()) return null;
        String name = m.group(2) != null ? m.group(2) : m.group(1);
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    /** REFERENCES [schema.]table( — a name bare or quoted. */
    private static final java.util.regex.Pattern REFERENCES = java.util.regex.Pattern.compile(
            "REFERENCES\\s+(\"(?:[^\"]|\"\")*\"|[^\\s(.\"]+)(?:\\.(\"(?:[^\"]|\"\")*\"|[^\\s(.\"]+))?\\s*\\(");

    String dropSql() {
        return kind == Kind.INDEX ? "drop index if exists " + Sql.ident(name)
                : "alter table " + Sql.ident(table) + " drop constraint if exists " + Sql.ident(name);
    }

    String createSql() {
        return kind == Kind.INDEX ? definition
                : "alter table " + Sql.ident(table) + " add constraint " + Sql.ident(name) + " " + definition;
    }
}
