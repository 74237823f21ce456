package io.niknotes.setup.check;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.postgres.PostgresCheck;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.redis.RedisCheck;
import io.niknotes.setup.redis.RedisConnector;
import io.niknotes.setup.sqlite.SqliteCheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL, Redis and the SQLite source, checked together: what {@code check} and {@code init} run first. */
public final class ReadinessCheck {
    private final PostgresConnector.PasswordPrompt prompt;

    public ReadinessCheck() {
        this(PostgresConnector.PasswordPrompt.NONE);
    }

    public ReadinessCheck(PostgresConnector.PasswordPrompt prompt) {
        this.prompt = prompt;
    }

    public CheckReport run(Settings settings, Path sqlite, boolean requireRedis) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(new PostgresCheck(new PostgresConnector(settings.connectTimeout(), prompt)).run(settings));
        List<Finding> redis = new RedisCheck(new RedisConnector(settings.connectTimeout())).run(settings.redis());
        findings.addAll(requireRedis ? redis : redis.stream().map(Finding::asWarning).toList());
        if (sqlite != null) {
            findings.addAll(new SqliteCheck().run(sqlite));
        } else {
            findings.add(Finding.skipped("sqlite", "file", "no niknotes.db here and no --sqlite given: nothing to copy"));
        }
        return new CheckReport(findings);
    }
}
