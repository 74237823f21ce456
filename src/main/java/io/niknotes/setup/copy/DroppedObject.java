package io.niknotes.setup.copy;

/** An index or foreign key dropped for the load and recorded in the state table until it is recreated. */
public record DroppedObject(Kind kind, String table, String name, String definition) {
    public enum Kind { INDEX, FOREIGN_KEY }

    String dropSql() {
        return kind == Kind.INDEX ? "drop index if exists " + Sql.ident(name)
                : "alter table " + Sql.ident(table) + " drop constraint if exists " + Sql.ident(name);
    }

    String createSql() {
        return kind == Kind.INDEX ? definition
                : "alter table " + Sql.ident(table) + " add constraint " + Sql.ident(name) + " " + definition;
    }
}
