package io.niknotes.setup.copy;

import io.niknotes.setup.config.DatabaseUrl;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to copy where, and how. Start from {@link #defaults} and change what differs with the withers
 * ({@code defaults(file, url, rejects).withMode(TargetMode.TRUNCATE).withDryRun(true)}).
 *
 * @param source         the SQLite file (never modified)
 * @param target         the app's database; the app role owns the tables, so connect as it
 * @param connectTimeout for each PostgreSQL connection
 * @param jobs           tables loaded (and indexes built) in parallel, at least 1
 * @param mode           what to do with target tables that already hold rows
 * @param skipOrphans    send rows whose parent row is missing to the reject file instead of failing
 * @param fixText        what to do with NUL characters and invalid UTF-8
 * @param dryRun         read and check everything, write nothing (not even the reject file)
 * @param createMissing  create target tables for SQLite tables the schema does not know (types inferred)
 * @param verify         compare row counts and content checksums after the load
 * @param rejectFile     where rejected rows are written (JSON Lines), created only when a row is rejected
 */
public record CopyRequest(Path source, DatabaseUrl target, Duration connectTimeout, int jobs, TargetMode mode,
                          boolean skipOrphans, FixText fixText, boolean dryRun, boolean createMissing, boolean verify,
                          Path rejectFile) {
    public CopyRequest {
        if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1");
    }

    /** The defaults: refuse non-empty tables, fail on orphans, reject bad text, verify, one job per core (max 4). */
    public static CopyRequest defaults(Path source, DatabaseUrl target, Path rejectFile) {
        return new CopyRequest(source, target, Duration.ofSeconds(10), defaultJobs(), TargetMode.EMPTY_ONLY, false, FixText.REJECT,
                false, false, true, rejectFile);
    }

    public static int defaultJobs() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public CopyRequest withConnectTimeout(Duration v) {
        return new CopyRequest(source, target, v, jobs, mode, skipOrphans, fixText, dryRun, createMissing, verify, rejectFile);
    }

    public CopyRequest withJobs(int v) {
        return new CopyRequest(source, target, connectTimeout, v, mode, skipOrphans, fixText, dryRun, createMissing, verify, rejectFile);
    }

    public CopyRequest withMode(TargetMode v) {
        return new CopyRequest(source, target, connectTimeout, jobs, v, skipOrphans, fixText, dryRun, createMissing, verify, rejectFile);
    }

    public CopyRequest withSkipOrphans(boolean v) {
        return new CopyRequest(source, target, connectTimeout, jobs, mode, v, fixText, dryRun, createMissing, verify, rejectFile);
    }

    public CopyRequest withFixText(FixText v) {
        return new CopyRequest(source, target, connectTimeout, jobs, mode, skipOrphans, v, dryRun, createMissing, verify, rejectFile);
    }

    public CopyRequest withDryRun(boolean v) {
        return new CopyRequest(source, target, connectTimeout, jobs, mode, skipOrphans, fixText, v, createMissing, verify, rejectFile);
    }

    public CopyRequest withCreateMissing(boolean v) {
        return new CopyRequest(source, target, connectTimeout, jobs, mode, skipOrphans, fixText, dryRun, v, verify, rejectFile);
    }

    public CopyRequest withVerify(boolean v) {
        return new CopyRequest(source, target, connectTimeout, jobs, mode, skipOrphans, fixText, dryRun, createMissing, v, rejectFile);
    }
}
