package io.niknotes.setup.sqlite;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RealText} against SQLite's own {@code cast(x as text)} (the sqlite-jdbc of the pom is the truth): 100,000
 * random doubles (random bit patterns and random decimal-looking values) and the edge cases. Every text must also
 * read back as the same double (the SQL cursor relies on that).
 */
class RealTextTest {
    private static final long SEED = 20261129L;

    @Test
    void randomDoublesRenderAsSqliteRendersThem() throws Exception {
        System.out.println("RealTextTest seed " + SEED);
        Random random = new Random(SEED);
        List<Double> values = new ArrayList<>();
        while (values.size() < 100_000) {
            double d = switch (values.size() % 4) {
                case 0, 1 -> Double.longBitsToDouble(random.nextLong());
                case 2 -> Math.round(random.nextDouble() * 1e7) / Math.pow(10, random.nextInt(10)); // prices, coordinates
                default -> (random.nextInt(2_000_001) - 1_000_000) * Math.pow(10, random.nextInt(41) - 20);
            };
            if (!Double.isNaN(d)) values.add(d);
        }
        assertSameAsSqlite(values);
    }

    @Test
    void edgeCasesRenderAsSqliteRendersThem() throws Exception {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), Double.MIN_NORMAL / 3, 4.9e-324 * 12345, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e308, 1e-308, 1e-320, 1e300, 1e-300, 1e-5, 1e-4,
                Math.nextDown(1e-4), 0.0001234, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 49.47, 0.30000000000000004, 123456789.125,
                3.141592653589793, Math.E, 9.99, 1e22, 1e23, 5e-324, 9007199254740993.0));
        for (int k = 15; k <= 17; k++) { // 1e15..1e17: where the fixed and the exponent forms meet
            double p = Math.pow(10, k);
            for (double d : new double[]{p, Math.nextUp(p), Math.nextDown(p), p - 1, p + 1, p - 0.5, p * 9.999, p / 10 * 9.9999999}) {
                values.add(d);
                values.add(-d);
            }
        }
        for (long w : new long[]{1, 2, 7, 10, 100, 12345, 1L << 31, 1L << 53, (1L << 53) + 2, 99999999999999999L, Long.MAX_VALUE,
                Long.MIN_VALUE, 1_700_000_000_123L}) {
            values.add((double) w); // integers stored as REAL
            values.add((double) -w);
        }
        for (int e = -1074; e <= 1023; e += 7) values.add(Math.scalb(1.0, e)); // every range of exponents
        assertSameAsSqlite(values);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement ps = c.prepareStatement("select cast(? as text)")) {
            ps.setDouble(1, Double.NaN);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).as("SQLite holds NaN as NULL: it never reaches RealText").isNull();
            }
        }
    }

    private static void assertSameAsSqlite(List<Double> values) throws Exception {
        List<String> differences = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement ps = c.prepareStatement("select cast(? as text), typeof(?)")) {
            for (double d : values) {
                ps.setDouble(1, d);
                ps.setDouble(2, d);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(2)).isEqualTo("real");
                    String sqlite = rs.getString(1);
                    String ours = RealText.of(d);
                    if (!sqlite.equals(ours)) differences.add(Double.doubleToRawLongBits(d) + ": SQLite " + sqlite + ", ours " + ours);
                    if (!Double.isInfinite(d)) assertThat(Double.parseDouble(sqlite)).as(sqlite).isEqualTo(d == 0 ? 0.0 : d);
                }
            }
        }
        assertThat(differences).as("of " + values.size() + " values").isEmpty();
    }
}
