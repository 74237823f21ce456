package io.niknotes.setup.support;

import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.schema.SchemaMigrator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Applies the repository's migrations/ the way the tool does (through {@link SchemaMigrator}, whose Flyway is
 * configured not to hang on concurrent index builds), for tests that need the schema.
 */
public final class Migrations {
    private Migrations() {
    }

    public static void apply(String appUrl) {
        SchemaMigrator.Outcome outcome = new SchemaMigrator(DatabaseUrl.parse(appUrl, "test"),
                new PostgresConnector(Duration.ofSeconds(10)), Path.of("migrations")).migrate(false);
        if (outcome.step().status() == Status.FAIL) {
            throw new IllegalStateException("migrations failed in test setup: " + outcome.step());
        }
    }
}
