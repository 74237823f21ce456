package io.niknotes.setup.stats;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Outcome;
import io.niknotes.setup.outcome.Status;

import java.time.Instant;
import java.util.List;

/**
 * One statistics run: the figures, what they mean (findings) and what could not be seen (notes).
 *
 * @param pooler     the pooler DATABASE_URL goes through, with PgBouncer's own figures when readable; null when none
 * @param redis      null when Redis could not be read; {@code redisError} says why
 * @param notes      things hidden by privileges or missing extensions, said once
 */
public record StatsReport(Instant collectedAt, PgReport postgres, PoolReport pooler, RedisReport redis, String redisError,
                          List<Finding> findings, List<String> notes) {
    public StatsReport {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    public ExitCode exitCode() {
        return Outcome.exitCode(findings);
    }

    public Status overall() {
        return Outcome.overall(findings);
    }

    public long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
