package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.CopyRow;
import io.niknotes.setup.sqlite.Row;
import io.niknotes.setup.sqlite.StorageClass;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conversions by target type, without a database: the exact text PostgreSQL will store and print back. */
class ConverterTest {
    private static Converter converter(ColumnType.Kind kind, String sqlName, int maxLength, List<String> labels, boolean notNull,
                                       Timestamps.EpochUnit unit, FixText fix) {
        ColumnType type = new ColumnType(kind, sqlName, maxLength, -1, labels);
        return new Converter(new TargetTable.Column("c", type, notNull, false, false), unit, fix);
    }

    private static Converter of(ColumnType.Kind kind) {
        return converter(kind, kind.name().toLowerCase(), -1, List.of(), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
    }

    private static String convert(Converter c, String raw) throws Rejected {
        byte[] out = convertBytes(c, raw == null ? null : raw.getBytes(StandardCharsets.UTF_8));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    /** A TEXT value (null: NULL) converted; the result as the text PostgreSQL stores. */
    private static byte[] convertBytes(Converter c, byte[] text) throws Rejected {
        Row in = new Row(1);
        if (text == null) in.setNull(0); else in.setBytes(0, StorageClass.TEXT, text);
        return converted(c, in);
    }

    private static byte[] converted(Converter c, Row in) throws Rejected {
        CopyRow out = new CopyRow(1);
        c.convert(in, 0, out, 0);
        if (out.isNull(0)) return null;
        byte[] text = new byte[Math.max(out.textLength(0), 1)];
        return java.util.Arrays.copyOf(text, out.writeText(0, text, 0));
    }

    @Test
    void booleansAcceptTheFormsSqliteFilesHoldAndNothingElse() throws Rejected {
        Converter c = of(ColumnType.Kind.BOOLEAN);
        for (String t : List.of("1", "t", "true", "TRUE", "1.0")) assertThat(convert(c, t)).isEqualTo("true");
        for (String f : List.of("0", "f", "false", "False", "0.0")) assertThat(convert(c, f)).isEqualTo("false");
        for (String bad : List.of("2", "yes", "", "tru")) assertThatThrownBy(() -> convert(c, bad)).isInstanceOf(Rejected.class);
        assertThat(convert(c, null)).isNull();
    }

    @Test
    void integersAcceptTextDigitsAndWholeRealsButNotFractionsOrOverflow() throws Rejected {
        Converter c = of(ColumnType.Kind.INTEGER);
        assertThat(convert(c, "2")).isEqualTo("2");
        assertThat(convert(c, "+7")).isEqualTo("7");
        assertThat(convert(c, "3.0")).isEqualTo("3");
        assertThat(convert(c, "-2147483648")).isEqualTo("-2147483648");
        assertThatThrownBy(() -> convert(c, "2x")).hasMessage("not an integer");
        assertThatThrownBy(() -> convert(c, "2.5")).hasMessageContaining("fraction");
        assertThatThrownBy(() -> convert(c, "2147483648")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> convert(c, " 2")).isInstanceOf(Rejected.class);
    }

    @Test
    void enumsTakeExactLabelsOnly() throws Rejected {
        Converter c = converter(ColumnType.Kind.ENUM, "travelstyle", -1, List.of("BUSINESS", "LEISURE"), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThat(convert(c, "LEISURE")).isEqualTo("LEISURE");
        assertThatThrownBy(() -> convert(c, "leisure")).hasMessageContaining("not a label of enum travelstyle");
        // with --fix-text=strip a label with a NUL in it is the label: what is sent is the fixed text, not the raw bytes
        Converter strip = converter(ColumnType.Kind.ENUM, "travelstyle", -1, List.of("BUSINESS", "LEISURE"), false, Timestamps.EpochUnit.NONE, FixText.STRIP);
        assertThat(convert(strip, "LEI\0SURE")).isEqualTo("LEISURE");
        assertThatThrownBy(() -> convert(c, "LEI\0SURE")).hasMessageContaining("NUL");
    }

    @Test
    void varcharLengthCountsCharactersNotBytes() throws Rejected {
        Converter c = converter(ColumnType.Kind.TEXT, "character varying(3)", 3, List.of(), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThat(convert(c, "äöü")).isEqualTo("äöü");
        assertThatThrownBy(() -> convert(c, "abcd")).hasMessageContaining("longer than 3");
    }

    @Test
    void notNullColumnsRejectNull() {
        Converter c = converter(ColumnType.Kind.TEXT, "text", -1, List.of(), true, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThatThrownBy(() -> convertBytes(c, null)).hasMessageContaining("NOT NULL");
    }

    @Test
    void textFixesAreCountedAndStrictUtf8IsEnforced() throws Rejected {
        Converter strip = converter(ColumnType.Kind.TEXT, "text", -1, List.of(), false, Timestamps.EpochUnit.NONE, FixText.STRIP);
        assertThat(new String(convertBytes(strip, new byte[]{'a', 0, 'b'}), StandardCharsets.UTF_8)).isEqualTo("ab");
        // overlong encoding of '/' and a UTF-16 surrogate encoded in UTF-8: both invalid for PostgreSQL
        assertThat(new String(convertBytes(strip, new byte[]{'x', (byte) 0xC0, (byte) 0xAF, 'y'}), StandardCharsets.UTF_8)).isEqualTo("xy");
        assertThat(new String(convertBytes(strip, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}), StandardCharsets.UTF_8)).isEmpty();
        assertThat(convertBytes(strip, "ok ✈️".getBytes(StandardCharsets.UTF_8))).isEqualTo("ok ✈️".getBytes(StandardCharsets.UTF_8));
        assertThat(strip.fixed()).isEqualTo(3);
        Converter reject = converter(ColumnType.Kind.TEXT, "text", -1, List.of(), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThatThrownBy(() -> convertBytes(reject, new byte[]{'a', (byte) 0xFF})).hasMessageStartingWith("invalid UTF-8");
    }

    @Test
    void timestampsAreWrittenInPostgresqlsOwnTextForm() throws Rejected {
        Converter ts = converter(ColumnType.Kind.TIMESTAMP, "timestamp", -1, List.of(), false, Timestamps.EpochUnit.MILLIS, FixText.REJECT);
        assertThat(convert(ts, "2024-09-29 09:26:36.505120")).isEqualTo("2024-09-29 09:26:36.50512");
        assertThat(convert(ts, "2024-09-29T09:26:36.000000Z")).isEqualTo("2024-09-29 09:26:36");
        assertThat(convert(ts, "1700000000123")).isEqualTo("2023-11-14 22:13:20.123");
        assertThat(convert(ts, "0099-01-01")).isEqualTo("0099-01-01 00:00:00");
        assertThatThrownBy(() -> convert(ts, "2024-02-30")).hasMessage("not a timestamp");
        assertThatThrownBy(() -> convert(ts, "2024-01-01 00:00:00.1234567")).hasMessageContaining("microseconds");
        Converter tz = converter(ColumnType.Kind.TIMESTAMPTZ, "timestamptz", -1, List.of(), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThat(convert(tz, "2024-01-01T10:00:00+02:00")).isEqualTo("2024-01-01 08:00:00+00");
        // the column's first number decides seconds or milliseconds; a number of the other magnitude is not guessed
        assertThat(tz.epochUnit()).isEqualTo(Timestamps.EpochUnit.NONE);
        assertThat(convert(tz, "1700000000")).isEqualTo("2023-11-14 22:13:20+00");
        assertThat(tz.epochUnit()).isEqualTo(Timestamps.EpochUnit.SECONDS);
        assertThatThrownBy(() -> convert(tz, "1700000000123")).hasMessageContaining("epoch millis in a column of epoch seconds");
        Converter date = converter(ColumnType.Kind.DATE, "date", -1, List.of(), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThat(convert(date, "2024-01-01 00:00:00")).isEqualTo("2024-01-01");
        assertThatThrownBy(() -> convert(date, "2024-01-01 10:00:00")).hasMessageContaining("time of day");
    }

    @Test
    void epochUnitIsChosenPerColumnFromItsLargestValue() {
        assertThat(Timestamps.unitFor(null)).isEqualTo(Timestamps.EpochUnit.NONE);
        assertThat(Timestamps.unitFor(1.7e9)).isEqualTo(Timestamps.EpochUnit.SECONDS);
        assertThat(Timestamps.unitFor(1.7e12)).isEqualTo(Timestamps.EpochUnit.MILLIS);
    }

    @Test
    void jsonUuidNumericAndByteaAreValidatedOrNormalizedAsPostgresqlPrintsThem() throws Rejected {
        assertThat(convert(of(ColumnType.Kind.JSON), "[1, {\"a\": null}]")).isEqualTo("[1, {\"a\": null}]");
        assertThatThrownBy(() -> convert(of(ColumnType.Kind.JSON), "[1,")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> convert(of(ColumnType.Kind.JSON), "1 2")).hasMessageContaining("not JSON");
        assertThat(convert(of(ColumnType.Kind.UUID), "85DC0A68-CDB5-4088-B54E-64F4F5EE8C72")).isEqualTo("85dc0a68-cdb5-4088-b54e-64f4f5ee8c72");
        assertThatThrownBy(() -> convert(of(ColumnType.Kind.UUID), "1-2-3-4-5")).hasMessage("not a UUID");
        assertThat(convert(of(ColumnType.Kind.NUMERIC), "1.0e+20")).isEqualTo("100000000000000000000");
        assertThat(new String(convertBytes(of(ColumnType.Kind.BYTEA), new byte[]{0, (byte) 0xFF}), StandardCharsets.US_ASCII)).isEqualTo("\\x00ff");
    }

    @Test
    void integersStayLongsAndOtherStorageClassesAreConvertedFromSqlitesText() throws Rejected {
        Row in = new Row(1);
        CopyRow out = new CopyRow(1);
        in.setInteger(0, -7);
        of(ColumnType.Kind.BIGINT).convert(in, 0, out, 0);
        assertThat(out.isLong(0)).isTrue();
        assertThat(out.longValue(0)).isEqualTo(-7);
        in.setInteger(0, 40_000);
        assertThatThrownBy(() -> of(ColumnType.Kind.SMALLINT).convert(in, 0, out, 0)).hasMessageContaining("out of range");
        in.setInteger(0, 1);
        assertThat(new String(converted(of(ColumnType.Kind.BOOLEAN), in), StandardCharsets.US_ASCII)).isEqualTo("true");
        assertThat(new String(converted(of(ColumnType.Kind.TEXT), in), StandardCharsets.US_ASCII)).isEqualTo("1");
        in.setInteger(0, 1_700_000_000);
        assertThat(new String(converted(of(ColumnType.Kind.TIMESTAMPTZ), in), StandardCharsets.US_ASCII)).isEqualTo("2023-11-14 22:13:20+00");
        assertThat(new String(converted(of(ColumnType.Kind.NUMERIC), in), StandardCharsets.US_ASCII)).isEqualTo("1700000000");
        in.setReal(0, 3.0);
        assertThat(new String(converted(of(ColumnType.Kind.INTEGER), in), StandardCharsets.US_ASCII)).isEqualTo("3");
        assertThat(new String(converted(of(ColumnType.Kind.TEXT), in), StandardCharsets.US_ASCII)).isEqualTo("3.0");
        in.setReal(0, 0.1);
        assertThat(new String(converted(of(ColumnType.Kind.NUMERIC), in), StandardCharsets.US_ASCII)).isEqualTo("0.1");
        assertThatThrownBy(() -> of(ColumnType.Kind.INTEGER).convert(in, 0, out, 0)).hasMessageContaining("fraction");
    }

    @Test
    void theFastPathsAgreeWithTheFullParsers() throws Rejected {
        // fast path for the common SQLAlchemy form: same text as parse + format, or null so the full parser decides
        String[] stamps = {"2024-02-29 23:59:59.999999", "2023-02-29 10:00:00", "2025-01-01T00:00:00.000000", "2025-12-31 24:00:00",
                "2025-06-15 12:30:45.5", "2025-06-15 12:30:45.120", "0000-01-01 00:00:00", "2025-13-01 00:00:00", "2025-04-31 00:00:00",
                "2025-06-15 12:30:60", "2025-06-15 12:30:45.", "2025-06-15 12:30:45.1234567", "2025-06-15x12:30:45", "2025-06-15 12:3a:45",
                "1900-02-29 00:00:00", "2000-02-29 00:00:00.000001"};
        int fast = 0;
        for (String s : stamps) {
            byte[] raw = s.getBytes(StandardCharsets.US_ASCII);
            byte[] plain = Timestamps.plain(raw);
            String full;
            try {
                full = Timestamps.format(Timestamps.parse(raw).utc(), true, false);
            } catch (Rejected r) {
                full = null;
            }
            if (plain != null) {
                fast++;
                assertThat(new String(plain, StandardCharsets.US_ASCII)).as(s).isEqualTo(full);
            }
            assertThat(convertOrReject(of(ColumnType.Kind.TIMESTAMP), s)).as(s).isEqualTo(full == null ? "rejected" : full);
        }
        assertThat(fast).isEqualTo(5);
        // integers already in PostgreSQL's form pass as they are; anything else goes through the full parser
        assertThat(Converter.canonicalInteger("-42".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-42);
        for (String odd : new String[]{"-0", "007", "+5", "", "-", "12345678901234567890", "1e3", "2.0"}) {
            assertThat(Converter.canonicalInteger(odd.getBytes(StandardCharsets.US_ASCII))).as(odd).isEqualTo(Long.MIN_VALUE);
        }
        assertThat(convert(of(ColumnType.Kind.INTEGER), "007")).isEqualTo("7");
        assertThat(convert(of(ColumnType.Kind.INTEGER), "-0")).isEqualTo("0");
        assertThatThrownBy(() -> convert(of(ColumnType.Kind.SMALLINT), "40000")).isInstanceOf(Rejected.class);
    }

    private static String convertOrReject(Converter c, String raw) {
        try {
            return convert(c, raw);
        } catch (Rejected r) {
            return "rejected";
        }
    }

    @Test
    void nameColumnsRefuseWhatPostgresqlWouldCut() throws Rejected {
        Converter name = converter(ColumnType.Kind.TEXT, "name", -1, List.of(), false, Timestamps.EpochUnit.NONE, FixText.REJECT);
        assertThat(convert(name, "x".repeat(63))).hasSize(63);
        assertThatThrownBy(() -> convert(name, "é".repeat(32))).isInstanceOf(Rejected.class).hasMessageContaining("63 bytes");
    }
}
