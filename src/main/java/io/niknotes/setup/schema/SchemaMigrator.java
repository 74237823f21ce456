package io.niknotes.setup.schema;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.outcome.StepResult;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The schema's migrations, applied with Flyway connected as the app role (so the app owns its tables). They come
 * from the jar ({@code classpath:db/migration}) or from a directory. A database the app created itself (its
 * tables, no Flyway history) is adopted: baselined at V1, then the index migrations run.
 */
public final class SchemaMigrator {
    public static final String CLASSPATH_LOCATION = "db/migration";
    /** The tables the app's models create; all present and no history = a database the app made itself. */
    public static final List<String> APP_TABLES = List.of("users", "trips", "travelers", "packing_items", "audit_logs");

    private final DatabaseUrl app;
    private final PostgresConnector connector;
    private final Path directory;

    /** @param directory the migrations directory, or null for the ones in the jar */
    public SchemaMigrator(DatabaseUrl app, PostgresConnector connector, Path directory) {
        this.app = app;
        this.connector = connector;
        this.directory = directory;
        if (directory != null && !Files.isDirectory(directory)) {
            throw SetupException.usage("the migrations directory " + directory + " does not exist", "check the path given to --migrations");
        }
    }

    public String location() {
        return directory == null ? "classpath:" + CLASSPATH_LOCATION : "filesystem:" + directory.toAbsolutePath();
    }

    Flyway flyway() {
        return new Flyway(configuration());
    }

    private FluentConfiguration configuration() {
        String url = app.jdbcUrl() + (app.jdbcUrl().contains("?") ? "&" : "?") + "connectTimeout="
                + Math.max(1, connector.timeout().toSeconds()) + "&ApplicationName=" + PostgresConnector.APPLICATION_NAME
                + (connector.pooled(app) ? "&prepareThreshold=0" : ""); // Flyway opens its own connections: see Pooler
        FluentConfiguration config = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(url, app.user(), app.password())
                .locations(location())
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .connectRetries(0)
                .baselineVersion("1")
                .baselineDescription("adopted the schema the app created")
                .loggers("slf4j");
        // Flyway's default lock on PostgreSQL is a transaction-level advisory lock held in an open transaction on a
        // second connection; CREATE INDEX CONCURRENTLY waits for that transaction and the run hangs forever
        // (flyway/flyway#3497, #3682). The session-level lock has no open transaction.
        config.getPluginRegister().getExact(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config;
    }

    /**
     * Applies the migrations into {@code schema} (created by Flyway, with its own history table) of the same database,
     * exactly as {@code migrate} applies them to the app's schema: what {@code check --schema} compares the live schema
     * with. The caller drops the schema.
     */
    public void migrateInto(String schema) {
        try {
            new Flyway(configuration().schemas(schema).defaultSchema(schema).createSchemas(true)).migrate();
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    /** What {@code migrate} found and did. */
    public record Outcome(StepResult step, List<Applied> applied, boolean adopted) {
    }

    /** One migration applied (or, with --dry-run, pending and shown). */
    public record Applied(String version, String description, String script, Integer millis, List<String> statements) {
    }

    public Outcome migrate(boolean dryRun) {
        State state = state();
        if (!state.hasHistory() && !state.foreignTables().isEmpty()) {
            return new Outcome(StepResult.fail("migrations", "schema public of " + app.database() + " holds tables that are not "
                    + "NikNotes' and no migration history: " + String.join(", ", state.foreignTables()),
                    "point --db-name at an empty or NikNotes database", ExitCode.FAILED), List.of(), false);
        }
        boolean adopt = !state.hasHistory() && state.appTables() == APP_TABLES.size();
        if (!state.hasHistory() && state.appTables() > 0 && !adopt) {
            return new Outcome(StepResult.fail("migrations", "database " + app.database() + " has only " + state.appTables() + " of the "
                    + APP_TABLES.size() + " NikNotes tables and no migration history", "inspect it by hand: it is neither empty nor "
                    + "a schema the app created completely", ExitCode.FAILED), List.of(), false);
        }
        Flyway flyway = flyway();
        try {
            if (dryRun) {
                List<Applied> pending = new ArrayList<>();
                for (MigrationInfo mi : flyway.info().pending()) {
                    if (adopt && mi.getVersion() != null && mi.getVersion().getVersion().equals("1")) continue;
                    pending.add(new Applied(version(mi), mi.getDescription(), mi.getScript(), null, statements(mi.getScript())));
                }
                String what = (adopt ? "would adopt the app's existing schema (baseline at V1), then " : "")
                        + (pending.isEmpty() ? "nothing to apply" : "would apply " + names(pending));
                List<String> sql = pending.stream().flatMap(a -> a.statements().stream()).toList();
                return new Outcome(pending.isEmpty() && !adopt ? StepResult.ok("migrations", "schema up to date (" + current(flyway) + ")")
                        : StepResult.changed("migrations", what, sql), pending, adopt);
            }
            if (adopt) flyway.baseline();
            MigrateResult result = flyway.migrate();
            List<Applied> applied = result.migrations.stream()
                    .map(m -> new Applied(m.version, m.description, Path.of(m.filepath).getFileName().toString(), m.executionTime, List.of()))
                    .toList();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : current(flyway);
            if (applied.isEmpty() && !adopt) return new Outcome(StepResult.ok("migrations", "schema up to date (V" + version + ")"), applied, false);
            String what = (adopt ? "adopted the app's existing schema (baselined at V1); " : "")
                    + (applied.isEmpty() ? "nothing else to apply" : "applied " + names(applied)) + "; now at V" + version;
            return new Outcome(StepResult.changed("migrations", what, List.of()), applied, adopt);
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    /** A row of {@code migrate info}. */
    public record Row(String version, String description, String type, String state, String installedOn, String installedBy,
                      Integer millis) {
    }

    public List<Row> info() {
        try {
            return Arrays.stream(flyway().info().all()).map(mi -> new Row(version(mi), mi.getDescription(),
                    String.valueOf(mi.getType()), mi.getState().getDisplayName(),
                    mi.getInstalledOn() == null ? null : mi.getInstalledOn().toInstant().toString(), mi.getInstalledBy(),
                    mi.getExecutionTime())).toList();
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    /** Problems with the applied migrations (checksums changed, missing files, …); empty when valid. */
    public List<String> validate() {
        try {
            ValidateResult result = flyway().validateWithResult();
            if (result.validationSuccessful) return List.of();
            List<String> problems = new ArrayList<>();
            result.invalidMigrations.forEach(o -> problems.add((o.version == null || o.version.isEmpty() ? "" : "V" + o.version + " ")
                    + o.description + ": " + (o.errorDetails == null ? "invalid" : o.errorDetails.errorMessage)));
            if (problems.isEmpty() && result.errorDetails != null) problems.add(result.errorDetails.errorMessage);
            return problems;
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    /** Applied migrations, newest first. */
    public List<MigrationInfo> appliedNewestFirst() {
        try {
            List<MigrationInfo> applied = new ArrayList<>(Arrays.asList(flyway().info().applied()));
            java.util.Collections.reverse(applied);
            return applied;
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    /** The text of a migration script, from the directory or the jar. */
    public String script(String name) {
        try {
            if (directory != null) return Files.readString(directory.resolve(name), StandardCharsets.UTF_8);
            try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION + "/" + name)) {
                if (in == null) throw new IOException("not in the jar");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot read migration " + name + " from " + location(),
                    "check --migrations", e);
        }
    }

    /**
     * The versioned scripts of the location, in version order, read without a database: what a dry run on a server
     * that has no database yet would apply.
     */
    public List<String> scriptsOffline() {
        List<String> names = new ArrayList<>();
        try {
            if (directory != null) {
                try (var files = Files.list(directory)) {
                    files.map(p -> p.getFileName().toString()).forEach(names::add);
                }
            } else {
                java.net.URL url = SchemaMigrator.class.getClassLoader().getResource(CLASSPATH_LOCATION);
                if (url == null) throw new IOException("no " + CLASSPATH_LOCATION + " in the jar");
                if (url.getProtocol().equals("jar")) {
                    try (var fs = java.nio.file.FileSystems.newFileSystem(url.toURI(), java.util.Map.of());
                         var files = Files.list(fs.getPath(CLASSPATH_LOCATION))) {
                        files.map(p -> p.getFileName().toString()).forEach(names::add);
                    }
                } else {
                    try (var files = Files.list(Path.of(url.toURI()))) {
                        files.map(p -> p.getFileName().toString()).forEach(names::add);
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            throw new SetupException(ExitCode.FAILED, "cannot list the migrations in " + location() + ": " + e.getMessage(),
                    "check --migrations", e);
        }
        return names.stream().filter(n -> n.matches("V[0-9][0-9_.]*__.*\\.sql"))
                .sorted((x, y) -> compareKeys(versionKey(x), versionKey(y))).toList();
    }

    private static List<Integer> versionKey(String script) {
        String v = script.substring(1, script.indexOf("__"));
        return Arrays.stream(v.split("[._]")).filter(x -> !x.isEmpty()).map(Integer::valueOf).toList();
    }

    /** Compares version keys element by element. */
    static int compareKeys(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    public List<String> statements(String script) {
        return SqlScripts.statements(script(script));
    }

    private record State(boolean hasHistory, int appTables, List<String> foreignTables) {
    }

    private State state() {
        try (Connection c = connector.open(app);
             PreparedStatement ps = c.prepareStatement("select table_name from information_schema.tables "
                     + "where table_schema = current_schema() and table_type = 'BASE TABLE'");
             ResultSet rs = ps.executeQuery()) {
            boolean history = false;
            int appTables = 0;
            List<String> foreign = new ArrayList<>();
            while (rs.next()) {
                String t = rs.getString(1);
                if (t.equals("flyway_schema_history")) history = true;
                else if (APP_TABLES.contains(t)) appTables++;
                else if (!t.equals("alembic_version")) foreign.add(t);
            }
            return new State(history, appTables, foreign);
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, app);
        }
    }

    private static String current(Flyway flyway) {
        MigrationInfo c = flyway.info().current();
        return c == null || c.getVersion() == null ? "empty" : c.getVersion().getVersion();
    }

    private static String version(MigrationInfo mi) {
        return mi.getVersion() == null ? null : mi.getVersion().getVersion();
    }

    private static String names(List<Applied> list) {
        return String.join(", ", list.stream().map(a -> "V" + a.version() + " " + a.description()).toList());
    }

    SetupException failure(FlywayException e) {
        Throwable t = e;
        while (t != null && !(t instanceof SQLException)) t = t.getCause();
        if (t instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28"))) {
            return PostgresConnector.classify(sql, app);
        }
        String msg = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
        if (t instanceof SQLException sql && sql.getMessage() != null) {
            msg += " (" + sql.getMessage().lines().findFirst().orElse("")
                    + (sql.getSQLState() == null ? "" : ", SQLSTATE " + sql.getSQLState()) + ")";
        }
        return new SetupException(ExitCode.FAILED, "migration failed on " + app.database() + " as " + app.user() + ": " + msg, "fix the cause and run `niknotes-setup migrate` again; "
                + "`migrate info` shows the state, `migrate repair-indexes` rebuilds indexes a failed build left INVALID", e);
    }
}
