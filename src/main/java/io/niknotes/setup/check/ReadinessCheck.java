package io.niknotes.setup.check;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.connect.Connectors;
import io.niknotes.setup.postgres.PostgresCheck;
import io.niknotes.setup.redis.RedisCheck;
import io.niknotes.setup.sqlite.SqliteCheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL, Redis and the SQLite source, checked together: what {@code check} and {@code init} run first. */
public final class ReadinessCheck {
    private final Connectors connectors;

    public ReadinessCheck(Connectors connectors) {
        this.connectors = connectors;
    }

    public CheckReport run(Settings settings, Path sqlite, boolean requireRedis) {
        return run(settings, sqlite, requireRedis, false);
    }

    /** {@code copying}: the SQLite file is about to be copied, and the copy checks its structure before it commits. */
    public CheckReport run(Settings settings, Path sqlite, boolean requireRedis, boolean copying) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(new PostgresCheck(connectors.postgres()).run(settings));
        List<Finding> redis = new RedisCheck(connectors.redis()).run(settings.redis());
        findings.addAll(requireRedis ? redis : redis.stream().map(Finding::asWarning).toList());
        if (sqlite != null) {
            findings.addAll(new SqliteCheck().run(sqlite, !copying));
        } else {
            findings.add(Finding.skipped("sqlite", "file", "no niknotes.db here and no --sqlite given: nothing to copy"));
        }
        return new CheckReport(findings);
    }
}
