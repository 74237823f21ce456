package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.stats.StatsCollector;
import io.niknotes.setup.config.SqliteLocation;
import io.niknotes.setup.copy.CacheFlush;
import io.niknotes.setup.copy.CopyReport;
import io.niknotes.setup.copy.CopyRequest;
import io.niknotes.setup.copy.FixText;
import io.niknotes.setup.copy.Interruption;
import io.niknotes.setup.copy.SqliteCopy;
import io.niknotes.setup.copy.TargetMode;
import io.niknotes.setup.output.CopyProgress;
import io.niknotes.setup.output.CopyView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "migrate-from-sqlite", sortOptions = false,
        description = {"Copy the app's SQLite data into PostgreSQL (the schema `init` created), then verify it.",
                "Read-only on the SQLite file; COPY streaming, tables in parallel, each in one transaction; re-run after",
                "an interruption to finish. Rows that cannot be converted faithfully go to the reject file."})
public final class MigrateFromSqlite implements Callable<Integer> {
    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "The SQLite file (default: sqlite:///… from DATABASE_URL's environment, else ./niknotes.db).")
    Path path;

    @ArgGroup(exclusive = true)
    NonEmpty nonEmpty = new NonEmpty();

    static final class NonEmpty {
        @Option(names = "--truncate", description = "Replace the rows of non-empty target tables (each emptied in its load's transaction).")
        boolean truncate;
        @Option(names = "--append", description = "Add to the rows already in the target tables.")
        boolean append;
    }

    @Option(names = "--jobs", paramLabel = "N", description = "Tables loaded in parallel (default: cores, at most 4).")
    Integer jobs;

    @Option(names = "--skip-orphans", description = "Send rows whose parent row is missing to the reject file instead of stopping.")
    boolean skipOrphans;

    @Option(names = "--fix-text", paramLabel = "strip|replace", converter = FixTextConverter.class,
            description = "Keep rows with NUL characters or invalid UTF-8 by removing them (strip) or using U+FFFD (replace); every change is counted.")
    FixText fixText = FixText.REJECT;

    @Option(names = "--create-missing", description = "Create tables the schema does not know (types inferred from the stored values).")
    boolean createMissing;

    @Option(names = "--dry-run", description = "Read and check everything, write nothing; print the plan and every problem.")
    boolean dryRun;

    @Option(names = "--no-verify", negatable = false, description = "Skip the row-count and checksum comparison after the load.")
    boolean noVerify;

    @Option(names = "--reject-file", paramLabel = "FILE", description = "Where rejected rows go, as JSON Lines (default: ./niknotes-rejects.jsonl).")
    Path rejectFile;

    @Option(names = "--flush-cache", description = "After a successful copy, remove the app's stale Redis keys (trip:*, ai_trip_mapping:*) with SCAN + UNLINK.")
    boolean flushCache;

    @Override
    public Integer call() {
        Invocation inv = root.invocation(spec, server.output);
        Settings settings = inv.settings(server.postgres, server.redis);
        Path source = SqliteLocation.find(inv.environment(), settings, path, "PATH", "`niknotes-setup migrate-from-sqlite PATH`").require();
        if (jobs != null && jobs < 1) throw SetupException.usage("--jobs must be at least 1", "e.g. --jobs 4");
        TargetMode mode = nonEmpty.truncate ? TargetMode.TRUNCATE : nonEmpty.append ? TargetMode.APPEND : TargetMode.EMPTY_ONLY;
        Path rejects = rejectFile != null ? inv.environment().resolve(rejectFile.toString())
                : inv.environment().workingDirectory().resolve("niknotes-rejects.jsonl");
        // the copy holds a lock and its settings for the whole load: DIRECT_URL's server, never through a pooler
        DatabaseUrl target = inv.connectors().postgres().forSession(settings, "migrate-from-sqlite");
        CopyRequest request = CopyRequest.defaults(source, target, rejects).withConnectTimeout(settings.connectTimeout())
                .withJobs(jobs == null ? CopyRequest.defaultJobs() : jobs).withMode(mode).withSkipOrphans(skipOrphans).withFixText(fixText)
                .withDryRun(dryRun).withCreateMissing(createMissing).withVerify(!noVerify);
        CopyProgress progress = inv.copyProgress(server.output.quiet);
        CopyReport report;
        Interruption interruption = new Interruption();
        try (StopOnSignal signals = StopOnSignal.install(interruption, inv.console())) {
            report = new SqliteCopy(progress, inv.connectors().postgres(), interruption).run(request);
        } finally {
            progress.done();
        }
        if (!dryRun && report.failure() == null && !report.verificationFailed()) baseline(inv, settings);
        CopyView.CacheFlush cache = null;
        String cacheLine = null;
        if (flushCache && !dryRun && report.failure() == null && !report.verificationFailed()) {
            try {
                long removed = new CacheFlush(inv.connectors().redis()).flush(settings.redis());
                cache = new CopyView.CacheFlush(removed, null);
                cacheLine = "removed " + removed + " stale cache key(s) from Redis (" + String.join(", ", CacheFlush.PATTERNS) + ")";
            } catch (SetupException e) {
                if (server.redis.required()) throw e;
                cache = new CopyView.CacheFlush(null, e.getMessage());
                inv.console().warn("the Redis cache was not flushed: " + e.getMessage() + (e.fix() == null ? "" : "; fix: " + e.fix()));
            }
        }
        if (inv.json()) {
            inv.printJson(CopyView.json(report, cache));
        } else {
            CopyView.text(inv.console(), report, cacheLine);
            if (report.failure() != null && report.exitCode() == ExitCode.FAILED && report.problems().stream().anyMatch(p -> p.kind().name().equals("ORPHAN"))) {
                inv.console().result("  fix: repair the file, or re-run with --skip-orphans to send those rows to the reject file");
            }
        }
        return report.exitCode().code();
    }

    /** The copy's scans and index builds are its own: stats counts the app's activity from here. */
    private static void baseline(Invocation inv, Settings settings) {
        try {
            StatsCollector.recordBaseline(settings, inv.connectors(), "migrate-from-sqlite");
        } catch (SetupException e) {
            inv.console().warn("the statistics baseline was not recorded (" + e.getMessage() + "): `stats` will count the copy's own scans");
        }
    }

    static final class FixTextConverter implements picocli.CommandLine.ITypeConverter<FixText> {
        @Override
        public FixText convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "strip" -> FixText.STRIP;
                case "replace" -> FixText.REPLACE;
                case "reject" -> FixText.REJECT;
                default -> throw new picocli.CommandLine.TypeConversionException("expected strip or replace, got '" + value + "'");
            };
        }
    }
}
