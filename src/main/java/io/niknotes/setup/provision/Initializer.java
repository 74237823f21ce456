package io.niknotes.setup.provision;

import io.niknotes.setup.outcome.Outcome;
import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.connect.Connectors;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.postgres.Pooler;
import io.niknotes.setup.redis.RedisConnector;
import io.niknotes.setup.drift.SchemaDrift;
import io.niknotes.setup.schema.IndexMaintenance;
import io.niknotes.setup.schema.SchemaMigrator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code init} after its checks: role, database, privileges, migrations, the SQLite copy, the app's own connection and
 * Redis, the {@code .env} file. Serialised across concurrent runs by an advisory lock; every step reads the state
 * first, so a second run reports everything ok and changes nothing. Stops at the first failed step.
 */
public final class Initializer {
    /** How long a run waits for a concurrent one before giving up. */
    static final Duration MAX_LOCK_WAIT = Duration.ofMinutes(10);

    /**
     * @param settings      the resolved settings; {@code app()} names the role and database to provision
     * @param resetPassword give an existing role a new password
     * @param migrations    a migrations directory, or null for those in the jar
     * @param sqliteSource  the SQLite file to copy, or null
     * @param unconfirmed   ./niknotes.db found but not confirmed with --yes (not copied), or null
     * @param writeEnv      write DATABASE_URL and REDIS_URL into {@code settings.envFile()}
     */
    public record Request(Settings settings, boolean resetPassword, boolean dryRun, Path migrations, Path sqliteSource,
                          Path unconfirmed, boolean writeEnv) {
    }

    /** A password for the app role and where it came from ("NIKNOTES_DB_PASSWORD", "prompt", "generated", …). */
    public record Password(String value, String source) {
        @Override
        public String toString() {
            return "Password[" + source + "]";
        }
    }

    /** Everything {@code init} did. {@code app} is the app's connection with the password in force (never printed). */
    public record Report(List<Finding> checks, List<StepResult> steps, DatabaseUrl app, Path envFile) {
        public Report {
            checks = List.copyOf(checks);
            steps = List.copyOf(steps);
        }

        /** From the steps only: the checks that fail a run stop it before any step, and init repairs auth.app. */
        public ExitCode exitCode() {
            return Outcome.exitCode(steps);
        }

        public Status overall() {
            if (exitCode() != ExitCode.OK) return Status.FAIL;
            return steps.stream().anyMatch(s -> s.status() == Status.CHANGED) ? Status.CHANGED : Status.OK;
        }
    }

    private final PostgresConnector postgres;
    private final RedisConnector redis;
    private final SqliteCopyHook copyHook;
    private final Consumer<String> progress;

    public Initializer(Connectors connectors, SqliteCopyHook copyHook, Consumer<String> progress) {
        this.postgres = connectors.postgres();
        this.redis = connectors.redis();
        this.copyHook = copyHook;
        this.progress = progress;
    }

    /**
     * @param checks      the readiness findings (already run; PostgreSQL failures have stopped the command before this)
     * @param newPassword asked only when the role needs a new password
     */
    public Report run(Request req, CheckReport checks, Supplier<Password> newPassword) {
        List<StepResult> steps = new ArrayList<>();
        DatabaseUrl app = req.settings().app();
        String role = app.user();
        String database = app.database();
        String envProblem = req.writeEnv() ? new EnvFileWriter().unwritable(req.settings().envFile()) : null;
        if (envProblem != null) {
            // checked before anything is created: a generated password has nowhere else to go
            steps.add(StepResult.fail("env-file", envProblem + "; nothing was created",
                    "make the directory writable (or run init where the app's .env may be written), or pass --no-env-file"
                            + " and give the password in NIKNOTES_DB_PASSWORD or --password-file", ExitCode.FAILED));
            return new Report(checks.findings(), steps, app, null);
        }
        StepResult pooler = sessionRefused(req.settings());
        if (pooler != null) {
            steps.add(pooler);
            return new Report(checks.findings(), steps, app, null);
        }
        try (Connection admin = postgres.open(req.settings().admin())) {
            AdvisoryLock lock = AdvisoryLock.acquire(admin, AdvisoryLock.KEY, MAX_LOCK_WAIT, progress);
            try (lock) {
                Provisioner p = new Provisioner(admin, req.settings().admin(), postgres, req.dryRun());
                Provisioner.AdminInfo info = p.inspect();
                if (!info.canProvision()) {
                    steps.add(StepResult.fail("admin", info.user() + " has neither superuser nor both CREATEDB and CREATEROLE",
                            "use a superuser in NIKNOTES_ADMIN_URL, or ALTER ROLE " + info.user() + " CREATEDB CREATEROLE", ExitCode.FAILED));
                    return new Report(checks.findings(), steps, app, null);
                }
                steps.add(StepResult.ok("admin", "provisioning as " + info.user() + (info.superuser() ? " (superuser)" : " (CREATEDB, CREATEROLE)")));

                boolean roleIsNew = !p.roleExists(role);
                Password password = null;
                if (roleIsNew || req.resetPassword()) {
                    password = req.dryRun() ? new Password("dry-run-not-used", "dry run") : newPassword.get();
                    if ("generated".equals(password.source()) && !req.writeEnv()) {
                        steps.add(StepResult.fail("role", "no password was given for " + role + " and a generated one would be lost "
                                + "with --no-env-file", "set NIKNOTES_DB_PASSWORD or --password-file, or let init write .env", ExitCode.USAGE));
                        return new Report(checks.findings(), steps, app, null);
                    }
                    if (!req.dryRun()) app = app.withPassword(password.value());
                } else if (app.hasPassword() && appAuthFailed(checks)) {
                    steps.add(StepResult.fail("role", "role " + role + " exists and refuses the configured password",
                            "set its password in DATABASE_URL / NIKNOTES_DB_PASSWORD / --password-file, or run init --reset-password",
                            ExitCode.AUTH_FAILED));
                    return new Report(checks.findings(), steps, app, null);
                } else if (!app.hasPassword() && !req.dryRun()) {
                    steps.add(StepResult.fail("role", "no password for the app role " + role + " at " + app.hostAndPort()
                            + ": the role exists and none was given", req.settings().credentials().where(app.setting())
                            + "; or run init --reset-password to give it a new one", ExitCode.AUTH_FAILED));
                    return new Report(checks.findings(), steps, app, null);
                }
                String newValue = password == null ? null : password.value();
                steps.add(step("role", () -> p.role(role, newValue)));
                if (password != null) progress.accept("generated".equals(password.source())
                        ? "generated a password for " + role + " (it will be written to .env, never printed)"
                        : "the password of " + role + " comes from " + password.source());
                steps.add(step("delegation", () -> p.delegation(info, role)));
                boolean dbIsNew = req.dryRun() && !databaseExists(admin, database);
                steps.add(step("database", () -> p.database(database, role)));
                steps.add(step("privileges", () -> p.privileges(database, role, dbIsNew || (req.dryRun() && roleIsNew))));
                if (failed(steps)) return new Report(checks.findings(), steps, app, null);

                DatabaseUrl session = req.settings().withApp(app).session(); // DIRECT_URL through a pooler
                SchemaMigrator migrator = new SchemaMigrator(session, postgres, req.migrations());
                boolean offline = req.dryRun() && (dbIsNew || roleIsNew || !app.hasPassword() || appAuthFailed(checks));
                if (offline) {
                    List<String> scripts = migrator.scriptsOffline();
                    steps.add(StepResult.changed("migrations", "would apply " + String.join(", ", scripts) + " from " + migrator.location(),
                            scripts.stream().flatMap(s -> migrator.statements(s).stream()).toList()));
                    steps.add(StepResult.skipped("indexes", "dry run: the database is not there to inspect yet"));
                } else {
                    progress.accept("applying migrations from " + migrator.location() + " as " + role);
                    steps.add(step("migrations", () -> migrator.migrate(req.dryRun()).step()));
                    if (failed(steps)) return new Report(checks.findings(), steps, app, null);
                    IndexMaintenance indexes = new IndexMaintenance(session, postgres);
                    steps.add(step("indexes", indexes::check));
                }
            }
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, req.settings().admin());
        }
        if (failed(steps)) return new Report(checks.findings(), steps, app, null);
        Settings withApp = req.settings().withApp(app);
        Settings onSession = withApp.withApp(withApp.session()); // the copy and the comparison hold one session
        steps.add(req.sqliteSource() != null ? copyHook.copy(onSession, req.sqliteSource(), req.dryRun())
                : req.unconfirmed() != null ? copyHook.unconfirmed(onSession, req.unconfirmed())
                : StepResult.skipped("sqlite-copy", "no SQLite source given or found"));
        AppProbe probe = new AppProbe(postgres, redis);
        if (!req.dryRun() && !failed(steps)) steps.add(probe.copyRecord(app)); // an unfinished copy: the app cannot start
        // last of the database steps: the run proves its own result (the copy rebuilds keys and indexes too)
        steps.add(req.dryRun() ? StepResult.skipped("schema", "dry run: nothing to compare yet")
                : failed(steps) ? StepResult.skipped("schema", "not compared: an earlier step failed")
                : step("schema", () -> new SchemaDrift(onSession.app(), postgres, new SchemaMigrator(onSession.app(), postgres, req.migrations()))
                .compare().step()));
        if (req.dryRun()) {
            steps.add(StepResult.skipped("app-connection", "dry run"));
            steps.add(StepResult.skipped("redis", "dry run"));
        } else {
            steps.add(probe.database(app));
            steps.add(redisUsable(checks) ? probe.redis(req.settings().redis())
                    : StepResult.skipped("redis", "Redis is not usable (see the checks); the app runs without its cache"));
        }
        Path envFile = null;
        if (!req.writeEnv()) {
            steps.add(StepResult.skipped("env-file", "--no-env-file: set DATABASE_URL for the app yourself"));
        } else if (!failed(steps)) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("DATABASE_URL", app.appUrlWithSecret());
            values.put("REDIS_URL", req.settings().redis().urlWithSecret());
            EnvFileWriter.Outcome o = new EnvFileWriter().write(req.settings().envFile(), values, req.dryRun());
            envFile = o.file();
            String shown = "DATABASE_URL=" + app.redacted() + ", REDIS_URL=" + req.settings().redis().redacted();
            steps.add(!o.changed() ? StepResult.ok("env-file", o.file() + " already holds " + shown)
                    : StepResult.changed("env-file", (req.dryRun() ? "would write " : "wrote ") + shown + " to " + o.file()
                    + " (owner-only" + (o.backup() == null ? "" : "; previous file kept as " + o.backup().getFileName()) + ")", List.of()));
        }
        return new Report(checks.findings(), steps, app, envFile);
    }

    /**
     * The migrations and the copy need one session from start to end: through a connection pooler without DIRECT_URL
     * the run stops here, before anything is created. When the app role cannot log in yet (init creates it), the
     * administrator, when it has a password, logs in at DATABASE_URL's address to tell; when neither can, the run goes on.
     */
    private StepResult sessionRefused(Settings settings) {
        try {
            postgres.forSession(settings, "init");
            return null;
        } catch (SetupException e) {
            if (e.exitCode() == ExitCode.USAGE) return StepResult.fail("connection", e.getMessage(), e.fix(), e.exitCode());
        }
        if (settings.direct() != null || !settings.admin().hasPassword()) return null;
        try {
            if (!postgres.pooled(settings.admin().at(settings.app()))) return null;
        } catch (SetupException notThere) {
            return null;
        }
        SetupException refused = Pooler.needsSession(settings.app(), "init");
        return StepResult.fail("connection", refused.getMessage(), refused.fix(), refused.exitCode());
    }

    private interface SqlStep {
        StepResult run() throws SQLException;
    }

    private static StepResult step(String name, SqlStep s) {
        try {
            return s.run();
        } catch (SQLException e) {
            SetupException f = Provisioner.failure(name, e);
            return StepResult.fail(name, f.getMessage(), f.fix(), f.exitCode());
        } catch (SetupException e) {
            return StepResult.fail(name, e.getMessage(), e.fix(), e.exitCode());
        }
    }

    private static boolean failed(List<StepResult> steps) {
        return steps.stream().anyMatch(s -> s.status().failed());
    }

    private static boolean databaseExists(Connection admin, String database) throws SQLException {
        try (var ps = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, database);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean appAuthFailed(CheckReport checks) {
        return checks.findings().stream().anyMatch(f -> f.area().equals("postgres") && f.check().equals("auth.app")
                && f.status() == Status.FAIL && f.code() == ExitCode.AUTH_FAILED);
    }

    private static boolean redisUsable(CheckReport checks) {
        return checks.findings().stream().noneMatch(f -> f.area().equals("redis") && (f.status() == Status.FAIL || f.status() == Status.WARN)
                && (f.check().equals("reachable") || f.check().startsWith("auth")));
    }
}
