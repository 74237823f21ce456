package io.niknotes.setup.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.copy.CopyReport;
import io.niknotes.setup.copy.Problem;
import io.niknotes.setup.copy.TableResult;

import java.util.List;
import java.util.Locale;

/** Renders a {@link CopyReport}: a table per source table (read, loaded, rejected, seconds), problems, or JSON. */
public final class CopyView {
    public static final String SCHEMA = "niknotes-setup.copy/1";

    private CopyView() {
    }

    public static void text(Console console, CopyReport report, String cacheLine) {
        console.result(console.bold(report.dryRun() ? "Dry run (nothing written): " + report.source() + " → " + report.target()
                : "Copied " + report.source() + " → " + report.target() + (report.resumed() ? " (resumed an interrupted run)" : "")));
        console.result(String.format(Locale.ROOT, "  %-16s %10s %10s %10s %8s %8s  %s", "table", "read",
                report.dryRun() ? "loadable" : "loaded", "rejected", "fixed", "seconds", report.dryRun() ? "" : "verified"));
        for (TableResult t : report.tables()) {
            console.result(String.format(Locale.ROOT, "  %-16s %10d %10d %10d %8d %8.2f  %s", t.table(), t.read(), t.loaded(), t.rejected(),
                    t.fixedValues(), t.seconds(), verified(console, t)));
        }
        console.result(String.format(Locale.ROOT, "  %-16s %10d %10d %10d", "total", report.read(), report.loaded(), report.rejected()));
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
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CacheFlush(Long flushedKeys, String error) {
    }

    /** The {@code migrate-from-sqlite --json} document; {@code cache} and {@code error} only when there is one. */
    public record Document(String schema, String status, int exitCode, String source, String target, boolean dryRun, boolean resumed,
                           long read, long loaded, long rejected, double seconds, List<Table> tables, List<ProblemItem> problems,
                           List<String> notes, String rejectFile, int indexesRebuilt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) CacheFlush cache,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** One source table; no detail or verification when there is none. */
    public record Table(String table, String status, long read, long loaded, long rejected, long fixedValues, double seconds,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Verification verification) {
    }

    public record Verification(boolean matches, long expectedRows, long actualRows, String expectedChecksum, String actualChecksum,
                               List<String> notChecksummed) {
    }

    public record ProblemItem(String kind, String table, String column, String reason, long count, List<String> samples) {
    }

    public static Document json(CopyReport report, CacheFlush cache) {
        List<Table> tables = report.tables().stream().map(t -> new Table(t.table(), t.status().toString(), t.read(), t.loaded(),
                t.rejected(), t.fixedValues(), t.seconds(), t.detail(), t.verification() == null ? null : verification(t.verification())))
                .toList();
        List<ProblemItem> problems = report.problems().stream().map(p -> new ProblemItem(p.kind().toString(), p.table(), p.column(),
                p.reason(), p.count(), p.samples())).toList();
        return new Document(SCHEMA, report.exitCode().name().toLowerCase(Locale.ROOT), report.exitCode().code(), report.source().toString(),
                report.target(), report.dryRun(), report.resumed(), report.read(), report.loaded(), report.rejected(), report.seconds(),
                tables, problems, report.notes(), report.rejectFile() == null ? null : report.rejectFile().toString(), report.indexesBuilt(),
                cache, report.failure());
    }

    private static Verification verification(TableResult.Verification v) {
        return new Verification(v.matches(), v.expectedRows(), v.actualRows(), v.expectedSum(), v.actualSum(), v.notSummed());
    }
}
