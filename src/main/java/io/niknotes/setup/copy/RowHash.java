package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.pgcopy.CopyRow;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The content checksum, computed identically on both sides: one 64-bit hash per row, summed over the rows modulo
 * 2^64, so the sum does not depend on row order and adding rows adds. How a row is hashed is the {@link Scheme},
 * recorded with each loaded table, so a resumed or appending run compares like with like.
 */
final class RowHash {
    /** How a row is hashed. */
    enum Scheme {
        /**
         * PostgreSQL's own hash of each column ({@code hashint8extended} of an integer, {@code hashtextextended} of
         * the text form of anything else, the column's position among the checksummed columns as the seed, the
         * position itself for NULL), the columns' hashes XORed and hashed again with themselves as the seed. PostgreSQL computes it about 5× faster than {@link #MD5}, and so
         * does the client.
         */
        COLUMNS("columns"),
        /**
         * md5 over the columns' text forms ({@code N} for NULL, else {@code octet_length:text}, joined by {@code |}),
         * its first 8 bytes as a signed integer. Tables recorded by earlier versions of the tool, and servers whose
         * hash functions differ from {@link PgHash} (big-endian).
         */
        MD5("md5");

        private final String stored;

        Scheme(String stored) {
            this.stored = stored;
        }

        /** The name kept in the state table. */
        String stored() {
            return stored;
        }

        static Scheme ofStored(String name) {
            for (Scheme s : values()) {
                if (s.stored.equals(name)) return s;
            }
            throw new SetupException(ExitCode.FAILED, "the copy recorded in " + CopyState.SCHEMA + ".loaded_table was checksummed as '"
                    + name + "', which this version of niknotes-setup does not know (a newer version wrote it)",
                    "run the copy with the niknotes-setup version that started it, or with --truncate to load every table again");
        }

        /**
         * {@link #COLUMNS} when the server's hash functions give what {@link PgHash} gives (checked on a sample), else
         * {@link #MD5}: a big-endian server, one without the functions, a database whose encoding cannot hold the
         * sample (then its text bytes are not UTF-8 either). Called in autocommit: a failed probe spoils nothing.
         */
        static Scheme forServer(Connection c) {
            String sample = "niknotes-setup: é ✓ 0123456789";
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select hashtextextended(" + Sql.literal(sample) + " collate \"C\", 3),"
                         + " hashint8extended(-5::int8, 4), hashint8extended(9876543210123::int8, 9876543210123)")) {
                rs.next();
                boolean same = rs.getLong(1) == PgHash.bytes(bytes, 3) && rs.getLong(2) == PgHash.int8(-5, 4)
                        && rs.getLong(3) == PgHash.int8(9876543210123L, 9876543210123L);
                return same ? COLUMNS : MD5;
            } catch (SQLException e) {
                return MD5;
            }
        }
    }

    private final Scheme scheme;
    private final int[] columns;
    private final MessageDigest md5;
    private final byte[] digest = new byte[16];
    private final byte[] digits = new byte[20];
    private long sum;

    /**
     * @param scheme  how rows are hashed
     * @param columns indexes (in the loaded row) of the checksummed columns
     */
    RowHash(Scheme scheme, int[] columns) {
        this.scheme = scheme;
        this.columns = columns.clone();
        try {
            this.md5 = scheme == Scheme.MD5 ? MessageDigest.getInstance("MD5") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    void add(CopyRow row) {
        sum += scheme == Scheme.COLUMNS ? columns(row) : md5(row);
    }

    private long columns(CopyRow row) {
        long x = 0;
        for (int k = 0; k < columns.length; k++) {
            int c = columns[k];
            long seed = k + 1;
            if (row.isNull(c)) {
                x ^= seed;
            } else if (row.isLong(c)) {
                x ^= PgHash.int8(row.longValue(c), seed);
            } else {
                x ^= PgHash.bytes(row.text(c), seed);
            }
        }
        return PgHash.int8(x, x); // x as the seed too: hashint8extended folds its value to 32 bits, the seed keeps all 64
    }

    private long md5(CopyRow row) {
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
        return h;
    }

    long sum() {
        return sum;
    }

    static String hex(long sum) {
        return String.format("%016x", sum);
    }

    /** PostgreSQL's side: {@code count(*)} and the same sum (as numeric, reduced mod 2^64 by the caller). */
    static String sql(Scheme scheme, String table, List<TargetTable.Column> columns) {
        StringBuilder row = new StringBuilder();
        if (scheme == Scheme.COLUMNS) {
            // the client hashes the integer types as the long it sends, everything else as its text form
            row.append("0::int8");
            for (int k = 0; k < columns.size(); k++) {
                String q = Sql.ident(columns.get(k).name());
                int seed = k + 1;
                row.append(" # coalesce(").append(columns.get(k).type().isInteger()
                        ? "hashint8extended(" + q + "::int8, " + seed + ")"
                        : "hashtextextended(" + q + "::text collate \"C\", " + seed + ")").append(", ").append(seed).append(')');
            }
            return "select count(*), coalesce(sum(hashint8extended(x, x)), 0) from (select " + row + " as x from " + Sql.ident(table) + ") r";
        }
        if (columns.isEmpty()) {
            row.append("''");
        } else {
            row.append("concat_ws('|'");
            for (TargetTable.Column c : columns) {
                String q = Sql.ident(c.name());
                row.append(", case when ").append(q).append(" is null then 'N' else octet_length(").append(q)
                        .append("::text)::text || ':' || ").append(q).append("::text end");
            }
            row.append(')');
        }
        return "select count(*), coalesce(sum(('x' || substr(md5(" + row + "), 1, 16))::bit(64)::bigint), 0) from " + Sql.ident(table);
    }

}
