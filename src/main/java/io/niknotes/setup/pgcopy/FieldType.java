package io.niknotes.setup.pgcopy;

/**
 * How a column's values go on the wire. Every type has COPY's text form; those here with a binary form that is
 * simple and fixed are sent in COPY's binary format when every column of the table has one ({@link #OTHER}: text only).
 */
public enum FieldType {
    /** text, varchar, enums, json: the UTF-8 bytes either way. */
    TEXT,
    JSONB,
    /** the text {@code true} / {@code false}. */
    BOOLEAN,
    /** smallint, integer, bigint: a long. */
    SMALLINT, INTEGER, BIGINT,
    /** timestamp and timestamptz: {@code YYYY-MM-DD HH:MM:SS[.ffffff][+00]}, always UTC. */
    TIMESTAMP,
    /** {@code YYYY-MM-DD}. */
    DATE,
    UUID,
    /** numeric, float, bytea and anything else: PostgreSQL's text form, text format only. */
    OTHER;

    public boolean hasBinaryForm() {
        return this != OTHER;
    }
}
