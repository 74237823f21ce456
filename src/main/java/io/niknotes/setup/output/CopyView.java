package io.niknotes.setup.output;

import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.copy.CopyReport;
import io.niknotes.setup.copy.Problem;
import io.niknotes.setup.copy.TableResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link CopyReport}: a table per source table (read, loaded, rejected, seconds), problems, or JSON. */
public final class CopyView {
    public static final String SCHEMA = "niknotes-setup.copy/1";

    private CopyView() {
    }

    public static void text(Console console, CopyReport report, String cacheLine) {
        console.result(console.bold(report.dryRun() ? "Dry run (nothing written): " + report.source() + " → " + report.target()
                : "Copied " + report.source() + " → " + report.target() + (report.resumed() ? " (resumed an interrupted run)" : "")));
        console.result(String.format(Locale.ROOT, "  %-22s %10s %10s %10s %8s %8s  %s", "table", "read",
                report.dryRun() ? "loadable" : "loaded", "rejected", "fixed", "seconds", report.dryRun() ? "" : "verified"));
        for (TableResult t : report.tables()) {
            console.result(String.format(Locale.ROOT, "  %-22s %10d %10d %10d %8d %8.2f  %s", t.table(), t.read(), t.loaded(), t.rejected(),
                    t.fixedValues(), t.seconds(), verified(console, t)));
        }
        console.result(String.format(Locale.ROOT, "  %-22s %10d %10d %10d", "total", report.read(), report.loaded(), report.rejected()));
        if (!report.problems().isEmpty()) {
            console.result(console.bold("Problems"));
            for (Problem p : report.problems()) {
                console.result("  " + console.paint(Status.WARN, console.mark(Status.WARN)) + " " + p.table()
                        + (p.column() == null ? "" : "." + p.column()) + ": " + p.reason()
                        + (p.kind() == Problem.Kind.VALUE || p.kind() == Problem.Kind.ORPHAN ? " (" + p.count() + " row(s))" : ""));
                for (String s : p.samples()) console.result("      e.g. " + s);
            }
        }
        for (String n : report.notes()) console.result("  " + console.paint(Status.INFO, console.mark(Status.INFO)) + " " + n);
        if (report.rejectFile() != null) console.result("  rejected rows: " + report.rejectFile());
        if (report.indexesBuilt() > 0) console.result("  rebuilt " + report.indexesBuilt() + " index(es) and foreign key(s); ANALYZE done");
        if (cacheLine != null) console.result("  " + cacheLine);
        Status overall = switch (report.exitCode()) {
            case OK -> Status.OK;
            case DATA_REJECTED -> Status.WARN;
            default -> Status.FAIL;
        };
        String outcome = report.failure() != null ? report.failure()
                : report.verificationFailed() ? "verification FAILED: the target differs from the source"
                : report.dryRun() ? (report.problems().isEmpty() ? "no problems found" : report.problems().size() + " problem(s) found")
                : report.rejected() > 0 ? report.rejected() + " row(s) rejected (see the reject file)"
                : report.tables().stream().anyMatch(t -> t.verification() != null) ? "all rows copied and verified" : "all rows copied (not verified)";
        console.result(console.paint(overall, console.mark(overall)) + String.format(Locale.ROOT, " %s in %.1f s", outcome, report.seconds()));
    }

    private static String verified(Console console, TableResult t) {
        if (t.status() == TableResult.Status.SKIPPED || t.status() == TableResult.Status.FAILED) return t.status() + ": " + t.detail();
        if (t.verification() == null) return t.status() == TableResult.Status.RESUMED ? "resumed" : "";
        return t.verification().matches() ? console.paint(Status.OK, "ok")
                : console.paint(Status.FAIL, "MISMATCH rows " + t.verification().actualRows() + "/" + t.verification().expectedRows()
                + " sum " + t.verification().actualSum() + "/" + t.verification().expectedSum());
    }

    /** What {@code --flush-cache} did: the keys it removed, or why it could not. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record CacheFlush(Long flushedKeys, String error) {
    }

    public static Map<String, Object> json(CopyReport report, CacheFlush cache) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("status", report.exitCode().name().toLowerCase(Locale.ROOT));
        doc.put("exit_code", report.exitCode().code());
        doc.put("source", report.source().toString());
        doc.put("target", report.target());
        doc.put("dry_run", report.dryRun());
        doc.put("resumed", report.resumed());
        doc.put("read", report.read());
        doc.put("loaded", report.loaded());
        doc.put("rejected", report.rejected());
        doc.put("seconds", report.seconds());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (TableResult t : report.tables()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", t.table());
            m.put("status", t.status().toString());
            m.put("read", t.read());
            m.put("loaded", t.loaded());
            m.put("rejected", t.rejected());
            m.put("fixed_values", t.fixedValues());
            m.put("seconds", t.seconds());
            if (t.detail() != null) m.put("detail", t.detail());
            if (t.verification() != null) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("matches", t.verification().matches());
                v.put("expected_rows", t.verification().expectedRows());
                v.put("actual_rows", t.verification().actualRows());
                v.put("expected_checksum", t.verification().expectedSum());
                v.put("actual_checksum", t.verification().actualSum());
                v.put("not_checksummed", t.verification().notSummed());
                m.put("verification", v);
            }
            tables.add(m);
        }
        doc.put("tables", tables);
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Problem p : report.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.kind().toString());
            m.put("table", p.table());
            m.put("column", p.column());
            m.put("reason", p.reason());
            m.put("count", p.count());
            m.put("samples", p.samples());
            problems.add(m);
        }
        doc.put("problems", problems);
        doc.put("notes", report.notes());
        doc.put("reject_file", report.rejectFile() == null ? null : report.rejectFile().toString());
        doc.put("indexes_rebuilt", report.indexesBuilt());
        if (cache != null) doc.put("cache", cache);
        if (report.failure() != null) doc.put("error", report.failure());
        return doc;
    }
}
