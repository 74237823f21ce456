package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a copy (or of a dry run).
 *
 * @param source       the SQLite file
 * @param target       the target database, redacted
 * @param dryRun       nothing was written
 * @param resumed      an interrupted run was found and continued
 * @param tables       one result per source table
 * @param problems     what was found in the data (also in dry runs)
 * @param rejectFile   the reject file, or null when no row was rejected
 * @param indexesBuilt secondary indexes and foreign keys recreated after the load
 * @param seconds      wall time
 * @param failure      the error that stopped the run, or null
 * @param notes        things worth knowing that are not problems (tables created, epoch columns, kept tables)
 */
public record CopyReport(Path source, String target, boolean dryRun, boolean resumed, List<TableResult> tables,
                         List<Problem> problems, Path rejectFile, int indexesBuilt, double seconds, String failure, List<String> notes) {
    /** The report of a run of {@code request} that started at {@code start} (System.nanoTime). */
    static CopyReport of(CopyRequest request, boolean resumed, List<TableResult> skipped, List<TableResult> results,
                       List<Problem> problems, java.nio.file.Path rejectFile, int indexes, long start, String failure,
                       List<String> notes) {
        List<TableResult> all = new ArrayList<>(results);
        all.addAll(skipped);
        all.sort(Comparator.comparing(TableResult::table));
        return new CopyReport(request.source(), request.target().redacted(), request.dryRun(), resumed, all, problems, rejectFile, indexes,
                (System.nanoTime() - start) / 1e9, failure, notes);
    }

    public CopyReport {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public long read() {
        return tables.stream().mapToLong(TableResult::read).sum();
    }

    public long loaded() {
        return tables.stream().mapToLong(TableResult::loaded).sum();
    }

    public long rejected() {
        return tables.stream().mapToLong(TableResult::rejected).sum();
    }

    public boolean verificationFailed() {
        return tables.stream().anyMatch(t -> t.verification() != null && !t.verification().matches());
    }

    /** FAILED > VERIFICATION_MISMATCH > DATA_REJECTED (rows rejected, tables or columns skipped) > OK. */
    public ExitCode exitCode() {
        if (failure != null || tables.stream().anyMatch(t -> t.status() == TableResult.Status.FAILED)) return ExitCode.FAILED;
        if (verificationFailed()) return ExitCode.VERIFICATION_MISMATCH;
        boolean skipped = tables.stream().anyMatch(t -> t.status() == TableResult.Status.SKIPPED);
        boolean lostColumns = problems.stream().anyMatch(p -> p.kind() == Problem.Kind.UNKNOWN_COLUMN);
        boolean problemsInDryRun = dryRun && !problems.isEmpty();
        if (rejected() > 0 || skipped || lostColumns || problemsInDryRun) return ExitCode.DATA_REJECTED;
        return ExitCode.OK;
    }
}
