package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.CopyRow;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The checksum's two sides against a real PostgreSQL: its hash functions, and each scheme's SQL against the client's sum. */
class RowHashTest {
    private static final long SEED = Long.getLong("niknotes.test.seed", System.nanoTime());

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    @Test
    void theClientsHashesAreThoseOfTheServer() throws Exception {
        Random random = new Random(SEED);
        List<String> texts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        String alphabet = "abcXYZ019 |:,\"\\()'\n\té€✓😀";
        for (int len = 0; len <= 70; len++) { // every tail length, several 12-byte blocks, 1-4 byte characters
            for (int r = 0; r < 4; r++) {
                StringBuilder s = new StringBuilder();
                while (s.toString().getBytes(StandardCharsets.UTF_8).length < len) {
                    s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                texts.add(s.toString());
                seeds.add(switch (r) {
                    case 0 -> 0L;
                    case 1 -> (long) len + 1;
                    case 2 -> random.nextLong();
                    default -> -1L;
                });
            }
        }
        List<Long> ints = new ArrayList<>(List.of(0L, 1L, -1L, -5L, Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MIN_VALUE,
                (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 1L << 32, -(1L << 32)));
        for (int i = 0; i < 200; i++) ints.add(random.nextLong() >> random.nextInt(64));
        String db = CopyFixtures.newDatabase("rowhash_fn");
        try (Connection c = CopyFixtures.app(db)) {
            Array t = c.createArrayOf("text", texts.toArray());
            Array s = c.createArrayOf("int8", seeds.toArray());
            List<Long> server = column(c, "select hashtextextended(t collate \"C\", s) from unnest(?::text[], ?::int8[]) with ordinality u(t, s, n) order by n", t, s);
            for (int i = 0; i < texts.size(); i++) {
                byte[] b = texts.get(i).getBytes(StandardCharsets.UTF_8);
                assertThat(PgHash.bytes(b, seeds.get(i))).as("hashtextextended('%s', %d) (seed %d)", texts.get(i), seeds.get(i), SEED)
                        .isEqualTo(server.get(i));
            }
            Array v = c.createArrayOf("int8", ints.toArray());
            List<Long> seedsOfInts = new ArrayList<>();
            for (int i = 0; i < ints.size(); i++) seedsOfInts.add(i % 3 == 0 ? 0L : random.nextLong());
            List<Long> serverInts = column(c, "select hashint8extended(v, s) from unnest(?::int8[], ?::int8[]) with ordinality u(v, s, n) order by n",
                    v, c.createArrayOf("int8", seedsOfInts.toArray()));
            for (int i = 0; i < ints.size(); i++) {
                assertThat(PgHash.int8(ints.get(i), seedsOfInts.get(i))).as("hashint8extended(%d, %d)", ints.get(i), seedsOfInts.get(i))
                        .isEqualTo(serverInts.get(i));
            }
            assertThat(RowHash.Scheme.forServer(c)).isEqualTo(RowHash.Scheme.COLUMNS);
        }
    }

    @Test
    void eachSchemesSumIsTheServersAndSeesWhatChanged() throws Exception {
        String db = CopyFixtures.newDatabase("rowhash_sum");
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            st.execute("create type mood as enum ('calm', 'busy')");
            st.execute("create table t (a int2, b int4, c int8, d text, e varchar(20), f boolean, g timestamp, h mood, i uuid, j date, k json)");
            st.execute("insert into t values (1, -2, 9223372036854775807, 'x|y', 'é', true, '2024-02-29 12:00:00.5', 'busy',"
                    + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-01-01', '{\"k\": [1, 2]}'),"
                    + " (null, null, null, null, null, null, null, null, null, null, null),"
                    + " (0, 0, -9223372036854775808, '', '', false, '1970-01-01 00:00:00', 'calm', null, null, '[]'),"
                    + " (0, 0, 0, 'same', 'same', false, null, null, null, null, null),"
                    + " (0, 0, 0, 'same', 'same', false, null, null, null, null, null)");
            List<TargetTable.Column> columns = TargetCatalog.read(c).tables().get("t").columns();
            for (RowHash.Scheme scheme : RowHash.Scheme.values()) {
                long client = clientSum(c, scheme, columns);
                assertThat(client).as(scheme.name()).isEqualTo(serverSum(c, scheme, columns));
                // the same values in one column, swapped between two rows: the rows are not the same rows any more
                st.execute("begin");
                st.execute("update t set d = case d when 'x|y' then '' else 'x|y' end where d in ('x|y', '')");
                assertThat(serverSum(c, scheme, columns)).as(scheme + ": values swapped between rows").isNotEqualTo(client);
                st.execute("rollback");
                st.execute("begin");
                st.execute("update t set k = null where k::text = '[]'");
                assertThat(serverSum(c, scheme, columns)).as(scheme + ": a value made NULL").isNotEqualTo(client);
                st.execute("rollback");
                st.execute("begin");
                st.execute("delete from t where ctid = (select min(ctid) from t where d = 'same')");
                assertThat(serverSum(c, scheme, columns)).as(scheme + ": one of two equal rows gone").isNotEqualTo(client);
                st.execute("rollback");
            }
        }
    }

    @Test
    void aTableRecordedByAnEarlierVersionKeepsItsMd5Checksum() throws Exception {
        String db = CopyFixtures.newDatabase("rowhash_state");
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            st.execute("create table t (a int4, d text)");
            st.execute("insert into t values (1, 'one'), (2, null)");
            List<TargetTable.Column> columns = TargetCatalog.read(c).tables().get("t").columns();
            long md5 = serverSum(c, RowHash.Scheme.MD5, columns);
            // the state table as the tool wrote it before it recorded the scheme: its checksums were md5
            st.execute("create schema niknotes_copy");
            st.execute("create table niknotes_copy.loaded_table (table_name text primary key, read bigint not null, loaded bigint not null,"
                    + " rejected bigint not null, fixed bigint not null, checksum bigint not null, rows_before bigint not null,"
                    + " checksum_before bigint not null, seconds double precision not null, fingerprint text not null)");
            st.execute("insert into niknotes_copy.loaded_table values ('t', 2, 2, 0, 0, " + md5 + ", 0, 0, 0.1, 'f')");
            CopyState.create(c);
            CopyState.LoadedTable t = CopyState.loadedTables(c).get("t");
            assertThat(t.scheme()).isEqualTo(RowHash.Scheme.MD5);
            assertThat(t.checksum()).isEqualTo(serverSum(c, t.scheme(), columns)).isNotEqualTo(serverSum(c, RowHash.Scheme.COLUMNS, columns));
            CopyState.tableLoaded(c, "u", new CopyState.LoadedTable(1, 1, 0, 0, 42, 0, 0, 0.1, "f", true, RowHash.Scheme.COLUMNS));
            assertThat(CopyState.loadedTables(c).get("u").scheme()).isEqualTo(RowHash.Scheme.COLUMNS);
        }
    }

    /** Rows read back as the copy's CopyRow would hold them: integers as longs, everything else as PostgreSQL's text form. */
    private static long clientSum(Connection c, RowHash.Scheme scheme, List<TargetTable.Column> columns) throws SQLException {
        String sql = "select " + String.join(", ", columns.stream().map(col -> Sql.ident(col.name()) + "::text").toList()) + " from t";
        int[] all = new int[columns.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        RowHash hash = new RowHash(scheme, all);
        Session.prepare(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            CopyRow row = new CopyRow(columns.size());
            while (rs.next()) {
                for (int i = 0; i < all.length; i++) {
                    String text = rs.getString(i + 1);
                    if (text == null) {
                        row.setNull(i);
                    } else if (columns.get(i).type().isInteger()) {
                        row.setLong(i, Long.parseLong(text));
                    } else {
                        row.setText(i, text.getBytes(StandardCharsets.UTF_8));
                    }
                }
                hash.add(row);
            }
        }
        return hash.sum();
    }

    private static long serverSum(Connection c, RowHash.Scheme scheme, List<TargetTable.Column> columns) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RowHash.sql(scheme, "t", columns))) {
            rs.next();
            return rs.getBigDecimal(2).toBigInteger().longValue();
        }
    }

    private static List<Long> column(Connection c, String sql, Array a, Array b) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, a);
            ps.setArray(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
