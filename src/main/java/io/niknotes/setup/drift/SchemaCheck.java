package io.niknotes.setup.drift;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.schema.SchemaMigrator;

import java.nio.file.Path;
import java.util.List;

/**
 * The schema part of {@code check}: compared when asked ({@code --schema}); otherwise only a pointer to it, because building
 * the expected schema costs more than plain {@code check}'s budget (see the README's measurements).
 */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    /** @param report null when nothing was compared */
    public record Result(List<Finding> findings, DriftReport report) {
    }

    /**
     * @param readiness  the findings of the readiness check (the app role must have connected)
     * @param migrations a migrations directory, or null for those in the jar
     */
    public static Result run(Settings settings, PostgresConnector connector, Path migrations, boolean asked, List<Finding> readiness) {
        boolean connected = readiness.stream().anyMatch(f -> f.area().equals("postgres") && f.check().equals("auth.app") && f.status() == Status.OK);
        if (!asked) {
            return new Result(connected ? List.of(Finding.skipped(DriftReport.AREA, "drift", "not compared (it applies the migrations to a "
                    + "scratch schema, about a second): run `niknotes-setup check --schema`")) : List.of(), null);
        }
        if (!connected) {
            return new Result(List.of(Finding.fail(DriftReport.AREA, "drift", "not compared: the app role did not connect to "
                            + settings.app().database() + " (see auth.app)", null,
                    "run `niknotes-setup init` to provision it, or fix DATABASE_URL", ExitCode.FAILED)), null);
        }
        try {
            // the scratch schema is migrated under Flyway's session lock: DIRECT_URL's server, never through a pooler
            DatabaseUrl session = connector.forSession(settings, "check --schema");
            DriftReport report = new SchemaDrift(session, connector, new SchemaMigrator(session, connector, migrations)).compare();
            return new Result(report.findings(), report);
        } catch (SetupException e) {
            return new Result(List.of(Finding.fail(DriftReport.AREA, "drift", "not compared: " + e.getMessage(), null, e.fix(),
                    e.exitCode())), null);
        }
    }
}
