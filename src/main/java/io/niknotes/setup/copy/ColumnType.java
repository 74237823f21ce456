package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.FieldType;

import java.util.List;

/**
 * A target column's type as far as conversion cares.
 *
 * @param kind       the family of the type
 * @param sqlName    the type as PostgreSQL prints it ({@code format_type}), e.g. {@code character varying(80)}
 * @param maxLength  for varchar(n)/char(n): n; otherwise -1
 * @param scale      for numeric(p,s): s; otherwise -1
 * @param enumLabels for enums: the labels, in order; otherwise empty
 */
public record ColumnType(Kind kind, String sqlName, int maxLength, int scale, List<String> enumLabels) {
    public enum Kind { TEXT, BOOLEAN, SMALLINT, INTEGER, BIGINT, NUMERIC, FLOAT, TIMESTAMP, TIMESTAMPTZ, DATE, ENUM, JSON, JSONB, UUID, BYTEA, OTHER }

    public ColumnType {
        enumLabels = List.copyOf(enumLabels);
    }

    /** Does our text form equal PostgreSQL's {@code ::text} output, so that checksums can compare it? */
    public boolean checksummable() {
        return kind != Kind.FLOAT && kind != Kind.JSONB && kind != Kind.OTHER;
    }

    /** smallint, integer, bigint: converted to, sent and checksummed as a long. */
    public boolean isInteger() {
        return kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT;
    }

    public boolean isTimestampLike() {
        return kind == Kind.TIMESTAMP || kind == Kind.TIMESTAMPTZ || kind == Kind.DATE;
    }

    /** How the converted values go on the wire. */
    FieldType fieldType() {
        return switch (kind) {
            case TEXT, ENUM, JSON -> FieldType.TEXT;
            case JSONB -> FieldType.JSONB;
            case BOOLEAN -> FieldType.BOOLEAN;
            case SMALLINT -> FieldType.SMALLINT;
            case INTEGER -> FieldType.INTEGER;
            case BIGINT -> FieldType.BIGINT;
            case TIMESTAMP, TIMESTAMPTZ -> FieldType.TIMESTAMP;
            case DATE -> FieldType.DATE;
            case UUID -> FieldType.UUID;
            case NUMERIC, FLOAT, BYTEA, OTHER -> FieldType.OTHER;
        };
    }

    static Kind kindOf(String typname, char typtype) {
        if (typtype == 'e') return Kind.ENUM;
        return switch (typname) {
            case "text", "varchar", "bpchar", "name", "citext" -> Kind.TEXT;
            case "bool" -> Kind.BOOLEAN;
            case "int2" -> Kind.SMALLINT;
            case "int4" -> Kind.INTEGER;
            case "int8" -> Kind.BIGINT;
            case "numeric" -> Kind.NUMERIC;
            case "float4", "float8" -> Kind.FLOAT;
            case "timestamp" -> Kind.TIMESTAMP;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            case "date" -> Kind.DATE;
            case "json" -> Kind.JSON;
            case "jsonb" -> Kind.JSONB;
            case "uuid" -> Kind.UUID;
            case "bytea" -> Kind.BYTEA;
            default -> Kind.OTHER;
        };
    }
}
