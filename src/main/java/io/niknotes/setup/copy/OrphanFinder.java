package io.niknotes.setup.copy;

import io.niknotes.setup.sqlite.Snapshot;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, before anything is written, the rows whose foreign key points at a row that does not exist in the
 * file, or at a row that will not be loaded (itself rejected or an orphan): parents are scanned first, so the
 * rejection of a trip makes its packing items orphans too. In a dry run every table is scanned and the
 * scans are the plan's results.
 */
final class OrphanFinder {
    private OrphanFinder() {
    }

    /**
     * @param filters       per table, the foreign-key values that make a row an orphan
     * @param referenced    per table, the column lists other tables reference
     * @param problems      orphan groups (in a dry run: every problem found)
     * @param dryRunResults per table, what a load would do (dry run only)
     * @param causes        unconvertible values found in referenced tables (they explain orphans; the load reports them again)
     */
    record Result(Map<String, List<TablePlan.OrphanFilter>> filters, Map<String, List<List<String>>> referenced,
                  List<Problem> problems, List<TableResult> dryRunResults, List<Problem> causes, List<String> notes) {
    }

    static Result find(Snapshot source, Plan plan, CopyRequest request) throws SQLException {
        List<ForeignKey> fks = new ArrayList<>();
        for (ForeignKey fk : plan.foreignKeys()) {
            TablePlan child = plan.table(fk.child());
            TablePlan parent = plan.table(fk.parent());
            if (child == null || parent == null) continue;
            if (indexesKnown(child, fk.childColumns()) && indexesKnown(parent, fk.parentColumns())) fks.add(fk);
        }
        Map<String, List<List<String>>> referenced = new HashMap<>();
        for (ForeignKey fk : fks) {
            List<List<String>> sets = referenced.computeIfAbsent(fk.parent(), k -> new ArrayList<>());
            if (!sets.contains(fk.parentColumns())) sets.add(fk.parentColumns());
        }
        Map<String, Map<List<String>, Set<List<String>>>> badKeys = new HashMap<>();
        Map<String, List<TablePlan.OrphanFilter>> filters = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<TableResult> dryRun = new ArrayList<>();
        List<Problem> causes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TablePlan t : parentsFirst(plan.tables(), fks)) {
            List<TablePlan.OrphanFilter> own = new ArrayList<>();
            for (ForeignKey fk : fks) {
                if (!fk.child().equals(t.name())) continue;
                Set<List<String>> bad = new HashSet<>(source.missingParents(t.source(), fk.childColumns(), fk.parent(), fk.parentColumns()));
                bad.addAll(badKeys.getOrDefault(fk.parent(), Map.of()).getOrDefault(fk.parentColumns(), Set.of()));
                if (!bad.isEmpty()) own.add(new TablePlan.OrphanFilter(fk, t.indexesOf(fk.childColumns()), bad));
            }
            filters.put(t.name(), own);
            List<List<String>> refs = referenced.getOrDefault(t.name(), List.of());
            if (request.dryRun() || !refs.isEmpty() || !own.isEmpty()) {
                long start = System.nanoTime();
                TableScan.Outcome o = new TableScan(source, t, request.fixText(), own, refs, null, CopyListener.NONE).run(null, null);
                badKeys.put(t.name(), o.badKeys());
                for (Problem p : o.problems()) {
                    if (request.dryRun() || p.kind() == Problem.Kind.ORPHAN) {
                        problems.add(p);
                    } else if (!refs.isEmpty()) {
                        causes.add(p);
                    }
                }
                if (request.dryRun()) {
                    notes.addAll(o.notes());
                    dryRun.add(new TableResult(t.name(), TableResult.Status.PLANNED, o.read(), o.loaded(), o.rejected(), o.fixed(),
                            (System.nanoTime() - start) / 1e9, null, null));
                }
            }
        }
        return new Result(filters, referenced, problems, dryRun, causes, notes);
    }

    private static boolean indexesKnown(TablePlan t, List<String> columns) {
        for (int i : t.indexesOf(columns)) {
            if (i < 0) return false;
        }
        return true;
    }

    /** Tables ordered so that a referenced table comes before the tables referencing it (cycles: file order). */
    static List<TablePlan> parentsFirst(List<TablePlan> tables, List<ForeignKey> fks) {
        Map<String, TablePlan> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Map<String, Set<String>> parents = new HashMap<>();
        for (ForeignKey fk : fks) {
            if (!fk.child().equals(fk.parent())) parents.computeIfAbsent(fk.child(), k -> new HashSet<>()).add(fk.parent());
        }
        List<TablePlan> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(byName.keySet());
        int stuck = 0;
        while (!pending.isEmpty()) {
            String name = pending.poll();
            Set<String> need = parents.getOrDefault(name, Set.of());
            boolean ready = done.containsAll(need) || stuck > pending.size();
            if (ready) {
                ordered.add(byName.get(name));
                done.add(name);
                stuck = 0;
            } else {
                pending.add(name);
                stuck++;
            }
        }
        return ordered;
    }
}
