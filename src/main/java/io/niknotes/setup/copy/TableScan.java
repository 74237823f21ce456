package io.niknotes.setup.copy;

import io.niknotes.setup.pgcopy.CopyRow;
import io.niknotes.setup.sqlite.Cursor;
import io.niknotes.setup.sqlite.Row;
import io.niknotes.setup.sqlite.Snapshot;

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

    private final Snapshot source;
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
    TableScan(Snapshot source, TablePlan plan, FixText fixText, List<TablePlan.OrphanFilter> orphanFilters,
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
                   Map<List<String>, Set<List<String>>> badKeys, List<String> notes) {
    }

    /** A destination for good rows. */
    interface RowSink {
        void row(CopyRow row) throws SQLException;
    }

    /** Rejected rows are grouped by column and reason. */
    private record Group(String column, String reason) {
    }

    Outcome run(RowSink sink, RowHash.Scheme scheme) throws SQLException {
        int width = plan.columns().size();
        Converter[] converters = new Converter[width];
        for (int i = 0; i < width; i++) converters[i] = new Converter(plan.columns().get(i), plan.epochUnits().get(i), fixText);
        int[] keyColumns = plan.indexesOf(plan.target().primaryKey());
        int[][] referenced = new int[referencedColumnSets.size()][];
        Map<List<String>, Set<List<String>>> badKeys = new LinkedHashMap<>();
        for (int i = 0; i < referenced.length; i++) {
            referenced[i] = plan.indexesOf(referencedColumnSets.get(i));
            badKeys.put(referencedColumnSets.get(i), new HashSet<>());
        }
        RowHash hasher = scheme == null ? null : new RowHash(scheme, plan.checksummedIndexes());
        Map<Group, ProblemCount> problems = new LinkedHashMap<>();
        Row in = new Row(width);
        CopyRow out = new CopyRow(width);
        long read = 0;
        long loaded = 0;
        long rejected = 0;
        try (Cursor cursor = source.cursor(plan.source(), plan.columnNames())) {
            while (cursor.next(in)) {
                read++;
                String column = null;
                String reason = null;
                byte[] bad = null;
                for (TablePlan.OrphanFilter f : orphanFilters) {
                    List<String> value = key(in, f.columns());
                    if (value != null && f.badValues().contains(value)) {
                        column = String.join(", ", f.fk().childColumns());
                        reason = "orphan: no loadable " + f.fk().parent() + " row with " + String.join(", ", f.fk().parentColumns())
                                + " = " + String.join(",", value);
                        bad = in.text(f.columns()[0]);
                        break;
                    }
                }
                if (reason == null) {
                    for (int i = 0; i < width; i++) {
                        try {
                            converters[i].convert(in, i, out, i);
                        } catch (Rejected r) {
                            column = converters[i].columnName();
                            reason = r.getMessage();
                            bad = in.text(i);
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
                    List<String> key = keyColumns.length == 0 || contains(keyColumns, -1) ? null : key(in, keyColumns);
                    String shownKey = key == null ? null : String.join(",", key);
                    if (rejects != null) rejects.write(plan.name(), cursor.rowid(), shownKey, column, bad, reason);
                    String groupReason = reason.startsWith("orphan:") ? "orphan (parent row missing or rejected)" : reason;
                    problems.computeIfAbsent(new Group(column, groupReason), k -> new ProblemCount())
                            .add(shownKey != null ? shownKey : "rowid " + cursor.rowid(), bad);
                    for (int i = 0; i < referenced.length; i++) {
                        if (!contains(referenced[i], -1)) {
                            List<String> k = key(in, referenced[i]);
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
        problems.forEach((g, p) -> list.add(new Problem(g.reason().startsWith("orphan") ? Problem.Kind.ORPHAN : Problem.Kind.VALUE,
                plan.name(), g.column(), g.reason(), p.count, p.samples)));
        return new Outcome(read, loaded, rejected, fixed, hasher == null ? 0 : hasher.sum(), list, badKeys, notes);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) return true;
        }
        return false;
    }

    /** The values of the given columns, each as SQLite's text, or null when one of them is NULL. */
    static List<String> key(Row row, int[] columns) {
        if (columns.length == 1) return row.isNull(columns[0]) ? null : List.of(row.string(columns[0]));
        String[] key = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (row.isNull(columns[i])) return null;
            key[i] = row.string(columns[i]);
        }
        return List.of(key);
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
