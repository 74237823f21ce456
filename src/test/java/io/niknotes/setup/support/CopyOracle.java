package io.niknotes.setup.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An oracle for the copy that does not trust the tool's numbers: it reads the SQLite file with plain SQL (sqlite-jdbc)
 * and the PostgreSQL tables with plain JDBC, converts every source value by the README's documented rules for the target
 * column's type (written here again, independently of the tool's converter), and asserts that each table holds exactly
 * the source rows that are not in the reject file — value by value, no row more, no row less — and that every rejected
 * rowid is a real source row. Tables the target lacks are allowed only when named as skipped; source columns the target
 * lacks are left out.
 */
public final class CopyOracle {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final DateTimeFormatter SOURCE_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().optionalStart().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .optionalEnd().toFormatter(Locale.ROOT);
    /** Marks a value the documented rules cannot convert: a row holding one must not be in PostgreSQL. */
    private static final String UNCONVERTIBLE = "\u0000unconvertible";

    private final Path sqlite;
    private final String db;
    private Path rejectFile;
    private String fixText = "reject";
    private final Set<String> skippedTables = new HashSet<>();
    private String user = CopyFixtures.ROLE;
    private String password = CopyFixtures.PASSWORD;

    private CopyOracle(Path sqlite, String db) {
        this.sqlite = sqlite;
        this.db = db;
    }

    /** The SQLite file copied into the copy fixtures' database {@code db}. */
    public static CopyOracle of(Path sqlite, String db) {
        return new CopyOracle(sqlite, db);
    }

    public CopyOracle rejects(Path file) {
        this.rejectFile = file;
        return this;
    }

    /** {@code strip} or {@code replace}, as the run's {@code --fix-text}. */
    public CopyOracle fixText(String how) {
        this.fixText = how;
        return this;
    }

    /** Reads the target as this role (a database the test's own {@code init} created), not as the copy fixtures' role. */
    public CopyOracle as(String role, String rolePassword) {
        this.user = role;
        this.password = rolePassword;
        return this;
    }

    public CopyOracle skipped(Iterable<String> tables) {
        tables.forEach(skippedTables::add);
        return this;
    }

    record Column(String name, String type) {
    }

    public void assertCopied() {
        try {
            compare();
        } catch (Exception e) {
            throw new AssertionError("the oracle could not read the SQLite file, the reject file or the target: " + e, e);
        }
    }

    private void compare() throws Exception {
        Map<String, Set<Long>> rejected = rejectedRowids();
        try (Connection source = DriverManager.getConnection("jdbc:sqlite:file:" + sqlite + "?mode=ro", sqliteProperties());
             Connection target = DriverManager.getConnection(CopyFixtures.jdbcUrl(db), user, password)) {
            List<String> tables = new ArrayList<>();
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(
                    "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String table : tables) {
                List<Column> columns = targetColumns(target, table);
                if (columns.isEmpty()) {
                    assertThat(skippedTables).as("the target has no table %s, and it was not reported as skipped", table).contains(table);
                    continue;
                }
                Set<Long> rejectedHere = rejected.getOrDefault(table, Set.of());
                Map<String, Integer> expected = sourceRows(source, table, columns, rejectedHere);
                Map<String, Integer> actual = targetRows(target, table, columns);
                assertSameRows(table, expected, actual);
            }
            for (String table : rejected.keySet()) assertThat(tables).as("reject file names table %s", table).contains(table);
        }
    }

    private static java.util.Properties sqliteProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        return p;
    }

    private Map<String, Set<Long>> rejectedRowids() throws Exception {
        Map<String, Set<Long>> out = new HashMap<>();
        if (rejectFile == null || !Files.exists(rejectFile)) return out;
        for (String line : Files.readAllLines(rejectFile)) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            out.computeIfAbsent(n.get("table").asText(), t -> new HashSet<>()).add(n.get("rowid").asLong());
        }
        return out;
    }

    private static List<Column> targetColumns(Connection target, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (var ps = target.prepareStatement("select a.attname, t.typname, t.typtype from pg_attribute a join pg_type t on t.oid = a.atttypid"
                + " where a.attrelid = (select c.oid from pg_class c where c.relname = ? and c.relnamespace = 'public'::regnamespace)"
                + " and a.attnum > 0 and not a.attisdropped order by a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Column(rs.getString(1), "e".equals(rs.getString(3)) ? "enum" : rs.getString(2)));
            }
        }
        return out;
    }

    private Map<String, Integer> sourceRows(Connection source, String table, List<Column> target, Set<Long> rejectedHere) throws Exception {
        List<String> sourceColumns = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("pragma table_info(" + quote(table) + ")")) {
            while (rs.next()) sourceColumns.add(rs.getString("name"));
        }
        List<Column> common = new ArrayList<>();
        for (Column c : target) {
            if (sourceColumns.stream().anyMatch(s -> s.equalsIgnoreCase(c.name()))) common.add(c);
        }
        // the storage classes of a row in one value, REALs as SQLite's own text only where the target wants text: a few calls
        // into the native library per row rather than three per value
        StringBuilder sql = new StringBuilder("select rowid, ");
        for (int i = 0; i < common.size(); i++) sql.append(i > 0 ? " || ',' || " : "").append("typeof(").append(quote(common.get(i).name())).append(")");
        for (Column c : common) {
            String q = quote(c.name());
            sql.append(", ").append(textual(c.type()) ? "case when typeof(" + q + ") = 'real' then cast(" + q + " as text) else " + q + " end" : q);
        }
        sql.append(" from ").append(quote(table)).append(" order by rowid");
        Map<String, Integer> rows = new HashMap<>();
        Map<String, Boolean> epochMillis = new HashMap<>();
        Set<Long> seenRejected = new HashSet<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                long rowid = rs.getLong(1);
                String[] storages = rs.getString(2).split(",", -1);
                List<String> values = new ArrayList<>();
                for (int i = 0; i < common.size(); i++) {
                    Column c = common.get(i);
                    String storage = storages[i];
                    int at = 3 + i;
                    Object raw = switch (storage) {
                        case "null" -> null;
                        case "integer" -> rs.getLong(at);
                        case "real" -> textual(c.type()) ? rs.getString(at) : (Object) rs.getDouble(at);
                        default -> rs.getBytes(at);
                    };
                    if (isTimestamp(c.type()) && raw instanceof Number n) {
                        epochMillis.putIfAbsent(c.name(), Math.abs(n.doubleValue()) >= 100_000_000_000d);
                    }
                    values.add(fromSource(c.type(), storage, raw, epochMillis.getOrDefault(c.name(), false)));
                }
                if (rejectedHere.contains(rowid)) {
                    seenRejected.add(rowid);
                    continue;
                }
                String row = String.join(" | ", values);
                assertThat(row).as("%s rowid %d holds a value the documented conversions cannot convert, yet it is not in the reject"
                        + " file: %s", table, rowid, row).doesNotContain(UNCONVERTIBLE);
                rows.merge(row, 1, Integer::sum);
            }
        }
        assertThat(seenRejected).as("%s: every rowid in the reject file is a row of the SQLite file", table).isEqualTo(rejectedHere);
        return rows;
    }

    private static Map<String, Integer> targetRows(Connection target, String table, List<Column> columns) throws Exception {
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < columns.size(); i++) sql.append(i > 0 ? ", " : "").append(quote(columns.get(i).name()));
        sql.append(" from ").append(quote(table));
        Map<String, Integer> rows = new HashMap<>();
        try (Statement st = target.createStatement()) {
            st.setFetchSize(10_000);
            target.setAutoCommit(false);
            try (ResultSet rs = st.executeQuery(sql.toString())) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) values.add(fromTarget(columns.get(i).type(), rs, i + 1));
                    rows.merge(String.join(" | ", values), 1, Integer::sum);
                }
            } finally {
                target.setAutoCommit(true);
            }
        }
        return rows;
    }

    private static void assertSameRows(String table, Map<String, Integer> expected, Map<String, Integer> actual) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (var e : expected.entrySet()) {
            int have = actual.getOrDefault(e.getKey(), 0);
            if (have < e.getValue()) missing.add((e.getValue() - have) + "x " + e.getKey());
        }
        for (var e : actual.entrySet()) {
            int want = expected.getOrDefault(e.getKey(), 0);
            if (e.getValue() > want) extra.add((e.getValue() - want) + "x " + e.getKey());
        }
        assertThat(missing).as("%s: source rows (converted by the documented rules) that PostgreSQL lacks and the reject file does not"
                + " name; PostgreSQL rows no source row explains: %s", table, first(extra)).isEmpty();
        assertThat(extra).as("%s: PostgreSQL rows no source row explains", table).isEmpty();
    }

    private static List<String> first(List<String> l) {
        return l.subList(0, Math.min(5, l.size()));
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Target types whose value is the source's text (SQLite's own text for a REAL). */
    private static boolean textual(String type) {
        return !List.of("bool", "int2", "int4", "int8", "numeric", "float4", "float8", "timestamp", "timestamptz", "date", "json",
                "jsonb", "uuid", "bytea").contains(type);
    }

    private static boolean isTimestamp(String type) {
        return type.equals("timestamp") || type.equals("timestamptz") || type.equals("date");
    }

    /** A source value in the documented conversions for the target type; {@link #UNCONVERTIBLE} when they do not apply. */
    private String fromSource(String type, String storage, Object raw, boolean epochMillis) {
        if ("null".equals(storage)) return "NULL";
        try {
            return switch (type) {
                case "bool" -> switch (storage) {
                    case "integer", "real" -> ((Number) raw).doubleValue() == 0 ? "false" : ((Number) raw).doubleValue() == 1 ? "true" : UNCONVERTIBLE;
                    default -> switch (text(storage, raw).toLowerCase(Locale.ROOT)) {
                        case "0", "f", "false" -> "false";
                        case "1", "t", "true" -> "true";
                        default -> UNCONVERTIBLE;
                    };
                };
                case "int2", "int4", "int8" -> {
                    BigDecimal n = "integer".equals(storage) ? BigDecimal.valueOf(((Number) raw).longValue()) : new BigDecimal(text(storage, raw));
                    yield Long.toString(n.longValueExact());
                }
                case "numeric" -> new BigDecimal(text(storage, raw)).stripTrailingZeros().toPlainString();
                case "float4" -> Float.toString(Float.parseFloat(text(storage, raw)));
                case "float8" -> Double.toString(raw instanceof Double d ? d : Double.parseDouble(text(storage, raw)));
                case "timestamp" -> timestamp(storage, raw, text(storage, raw), epochMillis).toString();
                case "timestamptz" -> timestamp(storage, raw, text(storage, raw), epochMillis).toInstant(ZoneOffset.UTC).toString();
                case "date" -> {
                    LocalDateTime t = timestamp(storage, raw, text(storage, raw), epochMillis);
                    yield t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : UNCONVERTIBLE;
                }
                case "json", "jsonb" -> canonicalJson(text(storage, raw));
                case "uuid" -> UUID.fromString(text(storage, raw)).toString();
                case "bytea" -> HexFormat.of().formatHex(raw instanceof byte[] b ? b : text(storage, raw).getBytes(StandardCharsets.UTF_8));
                case "bpchar" -> text(storage, raw).stripTrailing();
                default -> "real".equals(storage) ? (String) raw : text(storage, raw); // text, varchar, enum labels: SQLite's text of a REAL
            };
        } catch (RuntimeException | CharacterCodingException e) {
            return UNCONVERTIBLE;
        }
    }

    /** The text of a stored value, with NULs and invalid UTF-8 handled as the run's --fix-text says. */
    private String text(String storage, Object raw) throws CharacterCodingException {
        if (!"text".equals(storage) && !"blob".equals(storage)) return raw instanceof Double d ? BigDecimal.valueOf(d).toPlainString() : raw.toString();
        byte[] bytes = (byte[]) raw;
        CodingErrorAction onError = switch (fixText) {
            case "strip" -> CodingErrorAction.IGNORE;
            case "replace" -> CodingErrorAction.REPLACE;
            default -> CodingErrorAction.REPORT;
        };
        String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError).replaceWith("\uFFFD")
                .decode(ByteBuffer.wrap(bytes)).toString();
        if (s.indexOf('\u0000') >= 0) {
            if ("reject".equals(fixText)) throw new CharacterCodingException();
            s = s.replace("\u0000", "strip".equals(fixText) ? "" : "\uFFFD");
        }
        return s;
    }

    /** Timestamps as the README lists them: SQLAlchemy's text, ISO 8601 with T, Z or an offset (to UTC), a date, epoch numbers. */
    private static LocalDateTime timestamp(String storage, Object raw, String text, boolean epochMillis) {
        if ("integer".equals(storage) || "real".equals(storage)) {
            BigDecimal n = new BigDecimal(raw.toString());
            BigDecimal micros = n.multiply(BigDecimal.valueOf(epochMillis ? 1_000 : 1_000_000));
            long us = micros.longValueExact();
            return LocalDateTime.ofInstant(Instant.EPOCH.plusSeconds(Math.floorDiv(us, 1_000_000L))
                    .plusNanos(Math.floorMod(us, 1_000_000L) * 1_000L), ZoneOffset.UTC);
        }
        TemporalAccessor t = SOURCE_TIMESTAMP.parseBest(text.strip(), OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        if (t instanceof OffsetDateTime o) return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        if (t instanceof LocalDateTime l) return l;
        return ((LocalDate) t).atStartOfDay();
    }

    private static String canonicalJson(String text) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(JSON.readTree(text), Object.class));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A target value from PostgreSQL's text of it (one call per value), in the same canonical form as {@link #fromSource}. */
    private static String fromTarget(String type, ResultSet rs, int i) throws Exception {
        String s = rs.getString(i);
        if (s == null) return "NULL";
        return switch (type) {
            case "bool" -> Boolean.toString(s.equals("t"));
            case "numeric" -> new BigDecimal(s).stripTrailingZeros().toPlainString();
            case "float4" -> Float.toString(Float.parseFloat(s));
            case "float8" -> Double.toString(Double.parseDouble(s));
            case "timestamp" -> LocalDateTime.parse(s.replace(' ', 'T')).toString();
            case "timestamptz" -> SOURCE_TIMESTAMP.parse(s, OffsetDateTime::from).toInstant().toString();
            case "date" -> LocalDate.parse(s).toString();
            case "json", "jsonb" -> canonicalJson(s);
            case "uuid" -> s.toLowerCase(Locale.ROOT);
            case "bytea" -> s.substring(2); // \x and the hex digits
            case "bpchar" -> s.stripTrailing();
            default -> s; // integers print canonically; text, varchar, enums as they are
        };
    }
}
