package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.CopyRow;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The content checksum, computed identically on both sides: per row, md5 over the columns' text forms
 * ({@code N} for NULL, else {@code octet_length:text}, joined by {@code |}); the first 8 bytes read as a signed
 * 64-bit integer; summed over the rows modulo 2^64. The sum does not depend on row order, and adding rows adds.
 */
final class RowHash {
    private final MessageDigest md5;
    private final byte[] digest = new byte[16];
    private final int[] columns;
    private final byte[] digits = new byte[20];
    private long sum;

    /** @param columns indexes (in the loaded row) of the checksummed columns */
    RowHash(int[] columns) {
        this.columns = columns.clone();
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    void add(CopyRow row) {
        for (int k = 0; k < columns.length; k++) {
            if (k > 0) md5.update((byte) '|');
            int c = columns[k];
            if (row.isNull(c)) {
                md5.update((byte) 'N');
            } else {
                byte[] v = row.isLong(c) ? digits : row.text(c);
                int length = row.isLong(c) ? row.writeText(c, digits, 0) : v.length;
                md5.update(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
                md5.update((byte) ':');
                md5.update(v, 0, length);
            }
        }
        try {
            md5.digest(digest, 0, 16);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        long h = 0;
        for (int i = 0; i < 8; i++) h = (h << 8) | (digest[i] & 0xFF);
        sum += h;
    }

    long sum() {
        return sum;
    }

    static String hex(long sum) {
        return String.format("%016x", sum);
    }

    /** PostgreSQL's side: {@code count(*)} and the same sum (as numeric, reduced mod 2^64 by the caller). */
    static String sql(String table, List<String> columns) {
        StringBuilder row = new StringBuilder();
        if (columns.isEmpty()) {
            row.append("''");
        } else {
            row.append("concat_ws('|'");
            for (String c : columns) {
                String q = Sql.ident(c);
                row.append(", case when ").append(q).append(" is null then 'N' else octet_length(").append(q)
                        .append("::text)::text || ':' || ").append(q).append("::text end");
            }
            row.append(')');
        }
        return "select count(*), coalesce(sum(('x' || substr(md5(" + row + "), 1, 16))::bit(64)::bigint), 0) from " + Sql.ident(table);
    }
}
