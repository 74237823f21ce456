package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.CopyBinary;
import io.niknotes.setup.pgcopy.CopyRow;
import io.niknotes.setup.pgcopy.FieldType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The binary forms against java.time; the copy tests then check every loaded value against PostgreSQL's own text. */
class CopyBinaryTest {
    private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    @Test
    void datesAndTimestampsCountFromPostgresqlsEpochOverTheWholeRange() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDate d = LocalDate.ofEpochDay(LocalDate.of(1, 1, 1).toEpochDay()
                    + (long) (random.nextDouble() * (LocalDate.of(9999, 12, 31).toEpochDay() - LocalDate.of(1, 1, 1).toEpochDay())));
            LocalDateTime t = d.atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000) * 1000);
            String text = Timestamps.format(t, true, i % 2 == 0);
            assertThat(CopyBinary.days(Timestamps.format(t, false, false).getBytes(StandardCharsets.US_ASCII))).as(text).isEqualTo(d.toEpochDay());
            assertThat(CopyBinary.micros(text.getBytes(StandardCharsets.US_ASCII))).as(text).isEqualTo(ChronoUnit.MICROS.between(PG_EPOCH, t));
        }
        assertThat(CopyBinary.micros("2000-01-01 00:00:00.5".getBytes(StandardCharsets.US_ASCII))).isEqualTo(500_000);
        assertThat(CopyBinary.micros("1999-12-31 23:59:59.999999+00".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }

    @Test
    void rowsHaveTheDocumentedLayout() {
        FieldType[] types = {FieldType.INTEGER, FieldType.BOOLEAN, FieldType.UUID, FieldType.TEXT, FieldType.JSONB};
        CopyRow row = new CopyRow(5);
        row.setLong(0, -2);
        row.setText(1, "true".getBytes());
        row.setText(2, "123e4567-e89b-12d3-a456-426614174000".getBytes());
        row.setNull(3);
        row.setText(4, "{}".getBytes());
        byte[] out = new byte[200];
        int end = new CopyBinary(types).row(row, out, 0);
        assertThat(java.util.HexFormat.of().formatHex(out, 0, end)).isEqualTo("0005" + "00000004fffffffe" + "0000000101"
                + "00000010123e4567e89b12d3a456426614174000" + "ffffffff" + "00000003017b7d");
        assertThat(new ColumnType(ColumnType.Kind.NUMERIC, "numeric", -1, -1, java.util.List.of()).fieldType().hasBinaryForm()).isFalse();
    }
}
