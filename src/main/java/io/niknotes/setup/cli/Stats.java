package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.output.PrometheusView;
import io.niknotes.setup.output.StatsJson;
import io.niknotes.setup.output.StatsView;
import io.niknotes.setup.stats.StatsCollector;
import io.niknotes.setup.stats.StatsOptions;
import io.niknotes.setup.stats.StatsReport;
import io.niknotes.setup.stats.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stats", sortOptions = false,
        description = {"Show whether the database is healthy and whether its indexes and the cache do their job.",
                "Reads PostgreSQL's statistics as the app's own role (DATABASE_URL) and Redis' INFO (REDIS_URL). Thresholds "
                        + "are green/amber/red (see the README); every problem comes with its fix. Exit code 1 when anything is red."})
public final class Stats implements Callable<Integer> {
    enum Format { text, json, prometheus }

    @ParentCommand
    NikNotesSetup root;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json (same as --json) or prometheus.")
    Format format;

    @Option(names = "--short", description = "Only the few-line summary (what `init` prints at its end).")
    boolean shortForm;

    @Option(names = "--exact", description = "Count rows with count(*) instead of the planner's estimate (slower on big tables).")
    boolean exact;

    @Option(names = "--analyze", description = "EXPLAIN ANALYZE the hot queries (runs them; they only read).")
    boolean analyze;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Slow queries to list from pg_stat_statements.  default: ${DEFAULT-VALUE}")
    int top;

    @Option(names = "--min-stats-age", paramLabel = "DAYS", defaultValue = "7",
            description = "Call an index unused only once the statistics are this old.  default: ${DEFAULT-VALUE}")
    int minStatsAgeDays;

    @Option(names = "--watch", description = "Redraw every --interval seconds until interrupted (plain repeated output when not a terminal).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5", description = "Seconds between redraws with --watch.  default: ${DEFAULT-VALUE}")
    int interval;

    @Option(names = "--count", paramLabel = "N", description = "With --watch, stop after N reports.")
    Integer count;

    @Override
    public Integer call() {
        Invocation inv = root.invocation(spec, server.output);
        Format fmt = server.output.json() ? Format.json : format == null ? Format.text : format;
        validate(fmt);
        Settings settings = inv.settings(server.postgres, server.redis);
        StatsOptions options = new StatsOptions(exact, analyze, top, Duration.ofDays(minStatsAgeDays), server.redis.required(),
                Thresholds.LONG_RUNNING, Thresholds.IDLE_IN_TRANSACTION);
        boolean terminal = inv.environment().stdoutIsTerminal();
        int runs = !watch ? 1 : count == null ? Integer.MAX_VALUE : count;
        StatsReport report = null;
        for (int i = 0; i < runs; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(Duration.ofSeconds(interval).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCode.INTERRUPTED.code();
                }
            }
            report = StatsCollector.collect(settings, inv.connectors(), options);
            print(inv, fmt, report, i, terminal);
        }
        return report == null ? ExitCode.OK.code() : report.exitCode().code();
    }

    private void validate(Format fmt) {
        if (watch && fmt == Format.json) {
            throw SetupException.usage("--watch cannot be combined with JSON output (it must be one document)",
                    "drop --watch, or use --format prometheus or text");
        }
        if (top < 1 || interval < 1 || minStatsAgeDays < 0 || count != null && count < 1) {
            throw SetupException.usage("--top, --interval and --count must be at least 1 and --min-stats-age at least 0",
                    "see `niknotes-setup stats --help`");
        }
    }

    private void print(Invocation inv, Format fmt, StatsReport report, int iteration, boolean terminal) {
        var console = inv.console();
        switch (fmt) {
            case json -> inv.printJson(StatsJson.document(report));
            case prometheus -> {
                if (watch && iteration > 0 && !terminal) console.result("");
                console.result((watch && terminal ? CLEAR : "") + PrometheusView.render(report).stripTrailing());
            }
            case text -> {
                List<String> lines = shortForm ? StatsView.summaryLines(console, report) : StatsView.lines(console, report);
                if (watch && terminal) {
                    console.result(CLEAR + String.join(System.lineSeparator(), lines));
                } else {
                    if (watch) console.result((iteration > 0 ? System.lineSeparator() : "") + "--- " + report.collectedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " ---");
                    lines.forEach(console::result);
                }
            }
        }
    }

    /** ANSI: cursor home, clear the screen. */
    private static final String CLEAR = "\u001b[H\u001b[2J";
}
