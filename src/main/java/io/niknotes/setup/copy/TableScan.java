package io.niknotes.setup.copy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one table from the snapshot, converts every row by the target's types, and hands the good rows to a
 * COPY stream (or to nothing, for dry runs and foreign-key pre-scans). Rejected rows are logged and counted;
 * keys of rows that will not be loaded are collected for the tables that reference this one.
 */
final class TableScan {
    static final int PROGRESS_EVERY = 5000;
    private static final int SAMPLES = 3;

    private final SourceSnapshot source;
    private final TablePlan plan;
    private final FixText fixText;
    private final List<TablePlan.OrphanFilter> orphanFilters;
    private final List<List<String>> referencedColumnSets;
    private final RejectLog rejects;
    private final CopyListener listener;

    /**
     * @param referencedColumnSets column lists of this table that other tables reference (collect their bad keys)
     * @param rejects              where rejected rows go, or null to only count them
     */
    TableScan(SourceSnapshot source, TablePlan plan, FixText fixText, List<TablePlan.OrphanFilter> orphanFilters,
              List<List<String>> referencedColumnSets, RejectLog rejects, CopyListener listener) {
        this.source = source;
        this.plan = plan;
        this.fixText = fixText;
        this.orphanFilters = List.copyOf(orphanFilters);
        this.referencedColumnSets = List.copyOf(referencedColumnSets);
        this.rejects = rejects;
        this.listener = listener;
    }

    /** What a scan found. {@code checksum} covers the rows that were (or would be) loaded. */
    record Outcome(long read, long loaded, long rejected, long fixed, long checksum, List<Problem> problems,
                   Map<List<String>, Set<String>> badKeys, List<String> notes) {
    }

    /** A destination for good rows. */
    interface RowSink {
        void row(byte[][] values) throws SQLException;
    }

    Outcome run(RowSink sink, boolean hash) throws SQLException {
        int width = plan.columns().size();
        Converter[] converters = new Converter[width];
        for (int i = 0; i < width; i++) converters[i] = new Converter(plan.columns().get(i), plan.epochUnits().get(i), fixText);
        int[] keyColumns = plan.indexesOf(plan.target().primaryKey());
        int[][] referenced = new int[referencedColumnSets.size()][];
        Map<List<String>, Set<String>> badKeys = new LinkedHashMap<>();
        for (int i = 0; i < referenced.length; i++) {
            referenced[i] = plan.indexesOf(referencedColumnSets.get(i));
            badKeys.put(referencedColumnSets.get(i), new HashSet<>());
        }
        RowHash hasher = hash ? new RowHash(plan.indexesOf(plan.checksummed())) : null;
        Map<String, ProblemCount> problems = new LinkedHashMap<>();
        byte[][] raw = new byte[width][];
        byte[][] out = new byte[width][];
        long read = 0;
        long loaded = 0;
        long rejected = 0;
        try (SourceSnapshot.Cursor cursor = source.cursor(plan.source(), plan.columnNames())) {
            while (cursor.next(raw)) {
                read++;
                String column = null;
                String reason = null;
                byte[] bad = null;
                for (TablePlan.OrphanFilter f : orphanFilters) {
                    String value = key(raw, f.columns());
                    if (value != null && f.badValues().contains(value)) {
                        column = String.join(", ", f.fk().childColumns());
                        reason = "orphan: no loadable " + f.fk().parent() + " row with " + String.join(", ", f.fk().parentColumns())
                                + " = " + value.replace('\0', ',');
                        bad = raw[f.columns()[0]];
                        break;
                    }
                }
                if (reason == null) {
                    for (int i = 0; i < width; i++) {
                        try {
                            out[i] = converters[i].convert(raw[i]);
                        } catch (Rejected r) {
                            column = converters[i].columnName();
                            reason = r.getMessage();
                            bad = raw[i];
                            break;
                        }
                    }
                }
                if (reason == null) {
                    if (sink != null) sink.row(out);
                    if (hasher != null) hasher.add(out);
                    loaded++;
                } else {
                    rejected++;
                    String key = keyColumns.length == 0 || contains(keyColumns, -1) ? null : key(raw, keyColumns);
                    if (rejects != null) rejects.write(plan.name(), cursor.rowid(), key == null ? null : key.replace('\0', ','), column, bad, reason);
                    String groupReason = reason.startsWith("orphan:") ? "orphan (parent row missing or rejected)" : reason;
                    problems.computeIfAbsent(column + "\u0000" + groupReason, k -> new ProblemCount())
                            .add(key != null ? key.replace('\0', ',') : "rowid " + cursor.rowid(), bad);
                    for (int i = 0; i < referenced.length; i++) {
                        if (!contains(referenced[i], -1)) {
                            String k = key(raw, referenced[i]);
                            if (k != null) badKeys.get(referencedColumnSets.get(i)).add(k);
                        }
                    }
                }
                if (read % PROGRESS_EVERY == 0) listener.tableProgress(plan.name(), read);
            }
        }
        long fixed = 0;
        List<String> notes = new ArrayList<>();
        for (Converter c : converters) {
            fixed += c.fixed();
            if (c.epochUnit() != Timestamps.EpochUnit.NONE) {
                notes.add(plan.name() + "." + c.columnName() + ": numbers read as epoch " + c.epochUnit().name().toLowerCase(java.util.Locale.ROOT) + " (UTC)");
            }
        }
        List<Problem> list = new ArrayList<>();
        problems.forEach((k, p) -> {
            int sep = k.indexOf('\0');
            String reason = k.substring(sep + 1);
            list.add(new Problem(reason.startsWith("orphan") ? Problem.Kind.ORPHAN : Problem.Kind.VALUE, plan.name(), k.substring(0, sep),
                    reason, p.count, p.samples));
        });
        return new Outcome(read, loaded, rejected, fixed, hasher == null ? 0 : hasher.sum(), list, badKeys, notes);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) return true;
        }
        return false;
    }

    /** The values of the given columns joined by NUL, or null when one of them is NULL. */
    static String key(byte[][] raw, int[] columns) {
        if (columns.length == 1) return raw[columns[0]] == null ? null : new String(raw[columns[0]], StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            byte[] v = raw[columns[i]];
            if (v == null) return null;
            if (i > 0) b.append('\0');
            b.append(new String(v, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static final class ProblemCount {
        long count;
        final List<String> samples = new ArrayList<>();

        void add(String id, byte[] value) {
            count++;
            if (samples.size() < SAMPLES) samples.add(id + ": " + display(value));
        }
    }

    /** A value made safe to print: escaped, invalid bytes shown as \xNN, shortened. */
    static String display(byte[] value) {
        if (value == null) return "NULL";
        StringBuilder b = new StringBuilder("'");
        String s = new String(value, StandardCharsets.UTF_8);
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 40; i++, shown++) {
            char c = s.charAt(i);
            if (c == '\uFFFD') {
                b.append("\\x??");
            } else if (c < 0x20 || c == 0x7F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                // control characters and bidi overrides would rearrange the terminal's line: shown as escapes
                b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > 40) b.append("…(").append(value.length).append(" bytes)");
        return b.append('\'').toString();
    }
}
