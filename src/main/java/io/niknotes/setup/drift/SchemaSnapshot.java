package io.niknotes.setup.drift;

import java.util.List;
import java.util.Map;

/**
 * What one schema's catalog holds, as far as the app and the migrations care: read by {@link CatalogReader} from the
 * live schema and from the scratch schema the migrations were applied to, then compared by {@link SchemaComparison}.
 * Names are unqualified (the catalog was read with the schema alone on the search path).
 *
 * @param alembicVersions the rows of alembic_version, or null when the table is missing
 * @param history         Flyway's applied migrations, or null when there is no history table
 */
public record SchemaSnapshot(String schema, Map<String, Table> tables, Map<String, EnumType> enums, Map<String, Constraint> constraints,
                             Map<String, Index> indexes, List<String> alembicVersions, List<Applied> history) {
    public SchemaSnapshot {
        tables = Map.copyOf(tables);
        enums = Map.copyOf(enums);
        constraints = Map.copyOf(constraints);
        indexes = Map.copyOf(indexes);
        alembicVersions = alembicVersions == null ? null : List.copyOf(alembicVersions);
        history = history == null ? null : List.copyOf(history);
    }

    /** A table and its columns in their order. */
    public record Table(String name, List<Column> columns) {
        public Table {
            columns = List.copyOf(columns);
        }

        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * @param type          as format_type prints it: {@code character varying(80)}, {@code timestamp without time zone}
     * @param defaultValue  the DEFAULT expression, or null
     * @param identity      "" (none), "a" (ALWAYS) or "d" (BY DEFAULT)
     * @param sequence      the sequence the column owns (serial or identity), or null
     */
    public record Column(String name, String type, boolean notNull, String defaultValue, String identity, String sequence) {
    }

    public record EnumType(String name, List<String> labels) {
        public EnumType {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A primary key, unique, foreign key or check constraint.
     *
     * @param kind       p, u, f or c (pg_constraint.contype)
     * @param definition pg_get_constraintdef without NOT VALID
     * @param onDelete   for a foreign key: CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION; else null
     */
    public record Constraint(String name, String table, String kind, List<String> columns, String definition, String onDelete,
                             boolean validated) {
        public Constraint {
            columns = List.copyOf(columns);
        }
    }

    /**
     * An index that does not back a constraint.
     *
     * @param keys      key columns or expressions, each with DESC / NULLS FIRST|LAST when not the default
     * @param include   INCLUDE columns
     * @param predicate the WHERE of a partial index, or null
     */
    public record Index(String name, String table, String method, boolean unique, boolean valid, List<String> keys,
                        List<String> include, String predicate) {
        public Index {
            keys = List.copyOf(keys);
            include = List.copyOf(include);
        }

        /** Everything but the name and validity: two indexes with the same shape serve the same queries. */
        String shape() {
            return (unique ? "UNIQUE " : "") + "ON " + table + " USING " + method + " (" + String.join(", ", keys) + ")"
                    + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include) + ")")
                    + (predicate == null ? "" : " WHERE " + predicate);
        }
    }

    /** One row of flyway_schema_history. @param type SQL, BASELINE, … */
    public record Applied(String version, String description, String type, String script, Integer checksum, boolean success) {
    }
}
