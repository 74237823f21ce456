package io.niknotes.setup.copy;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.sqlite.Snapshot;
import io.niknotes.setup.postgres.UnfinishedCopy;
import io.niknotes.setup.provision.AdvisoryLock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a NikNotes SQLite file into the PostgreSQL schema: plan, foreign-key check, load (COPY, tables in
 * parallel, each in one transaction), rebuild of indexes and foreign keys, ANALYZE, sequences, verification.
 * Never prints: progress goes to the {@link CopyListener}, the outcome is the {@link CopyReport}.
 * {@code init --from-sqlite} calls {@code new SqliteCopy(listener).run(request)} too.
 */
public final class SqliteCopy {
    /** The advisory lock a copy holds on its target database: "nikcopy!" in ASCII. */
    static final long LOCK = 0x6e696b636f707921L;
    /** How long a copy waits for another one into the same database. */
    static final Duration LOCK_WAIT = Duration.ofHours(2);
    private final CopyListener listener;
    private final PostgresConnector connector;
    private final Interruption interruption;

    /** With a connector of its own (no prompt) that waits {@code request.connectTimeout()}: for tests and tools. */
    public SqliteCopy(CopyListener listener) {
        this(listener, null);
    }

    /** @param connector the run's PostgreSQL connector (its prompt, its timeout) */
    public SqliteCopy(CopyListener listener, PostgresConnector connector) {
        this(listener, connector, new Interruption());
    }

    /** @param interruption stops the run (SIGINT, SIGTERM): what it took away is put back, or listed */
    public SqliteCopy(CopyListener listener, PostgresConnector connector, Interruption interruption) {
        this.listener = listener;
        this.connector = connector;
        this.interruption = interruption;
    }

    public CopyReport run(CopyRequest request) {
        long start = System.nanoTime();
        interruption.runOn(Thread.currentThread());
        PostgresConnector connector = this.connector != null ? this.connector : new PostgresConnector(request.connectTimeout());
        listener.phase("reading " + request.source());
        try (Snapshot source = Snapshot.open(request.source());
             Connection admin = connector.open(request.target())) {
            Integrity integrity = Integrity.check(source); // beside the load; every commit waits for it
            Session.prepare(admin);
            // one copy into a database at a time (released when admin closes); a dry run writes nothing and does not wait
            AdvisoryLock lock = request.dryRun() ? null : AdvisoryLock.acquire(admin, LOCK, LOCK_WAIT, listener::notice,
                    "another copy into " + request.target().database() + " is running; waiting for it to finish");
            Plan plan;
            Loader loader;
            OrphanFinder.Result fk;
            try {
                plan = Planner.plan(source, admin, request);
                loader = new Loader(connector, source, request, listener, integrity, interruption);
                if (!request.dryRun()) loader.prepare(admin, plan, lock.waited());
                listener.phase("checking foreign keys");
                fk = OrphanFinder.find(source, plan, request);
            } catch (SetupException e) {
                throw integrity.beforeWriting(e); // damage met by SQLite or the page reader: named by the check
            }
            List<Problem> problems = new ArrayList<>(plan.problems());
            problems.addAll(fk.problems());
            if (request.dryRun()) {
                problems.addAll(plan.targetNotes());
                List<String> notes = new ArrayList<>(plan.notes());
                notes.addAll(fk.notes());
                integrity.awaitSound();
                UnfinishedCopy unfinished = UnfinishedCopy.read(admin);
                String failure = unfinished == null ? null : unfinished.summary() + ". Fix: " + unfinished.fix();
                return CopyReport.of(request, false, plan.skipped(), fk.dryRunResults(), problems, null, 0, start, failure, notes);
            }
            long orphans = fk.problems().stream().mapToLong(Problem::count).sum();
            if (orphans > 0 && !request.skipOrphans()) {
                integrity.awaitSound(); // orphans in a damaged file say nothing
                problems.addAll(fk.causes());
                return CopyReport.of(request, false, plan.skipped(), List.of(), problems, null, 0, start,
                        orphans + " orphan row(s) reference rows that do not exist (or will not be loaded); nothing was written",
                        plan.notes());
            }
            if (interruption.stopped()) {
                throw new SetupException(interruption.code(), "stopped before anything was written", "run the same command again");
            }
            return loader.load(admin, plan, fk.filters(), fk.referenced(), problems, start);
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, request.target());
        }
    }
}
