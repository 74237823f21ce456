package io.niknotes.setup.pgcopy;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The front: {@code COPY table (columns) FROM STDIN} on a connection, in the binary format when every column's
 * type has a binary form ({@link CopyBinary}: the server is spared parsing timestamps, numbers and booleans again,
 * a large share of its work), else in the text format ({@link CopyText}). Modelled on pgjdbc's CopyManager: use it
 * in try-with-resources, {@link CopyStream#finish} returns the count, closing an unfinished stream cancels the COPY.
 */
public final class PgCopy {
    private PgCopy() {
    }

    /**
     * @param freeze COPY FREEZE: the table was created or truncated in this transaction
     */
    public static CopyStream into(Connection c, String table, List<String> columns, List<FieldType> types, boolean freeze) throws SQLException {
        FieldType[] t = types.toArray(FieldType[]::new);
        RowFormat format = types.stream().allMatch(FieldType::hasBinaryForm) ? new CopyBinary(t) : new CopyText();
        StringBuilder sql = new StringBuilder("COPY ").append(ident(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) sql.append(i == 0 ? "" : ", ").append(ident(columns.get(i)));
        sql.append(") FROM STDIN WITH (FORMAT ").append(format.name()).append(freeze ? ", FREEZE true" : "").append(')');
        return new CopyStream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString()), format);
    }

    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
