package io.niknotes.setup.config;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers the configuration: defaults &lt; {@code .env} &lt; environment &lt; flags (the precedence printed in
 * {@code --help}). Passwords: the URL itself, then a password file, then {@code NIKNOTES_DB_PASSWORD} (app) or
 * {@code PGPASSWORD} (admin), then {@code ~/.pgpass}. Prompting is the command layer's business.
 */
public final class SettingsResolver {
    public static final String DEFAULT_DATABASE_URL = "postgresql://niknotes_user@localhost:5432/niknotes_db";
    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379/0";
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

    private final Environment environment;

    public SettingsResolver(Environment environment) {
        this.environment = environment;
    }

    public Settings resolve(ConnectionFlags flags) {
        Path envFile = flags.envFile() != null ? environment.resolve(flags.envFile().toString())
                : environment.workingDirectory().resolve(".env");
        if (flags.envFile() != null && !Files.isRegularFile(envFile)) {
            throw SetupException.usage("the env file " + envFile + " does not exist", "check the path given to --env-file");
        }
        Map<String, String> dotenv = DotEnv.read(envFile, environment.variables());
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Layers layers = new Layers(dotenv, origins);

        String rawApp = layers.value("DATABASE_URL", flags.databaseUrl(), DEFAULT_DATABASE_URL);
        Path sqliteSource = null;
        if (rawApp.startsWith("sqlite:")) {
            // the app's own pre-PostgreSQL setting: the SQLite file is our copy source, PostgreSQL is the default
            sqliteSource = environment.resolve(rawApp.replaceFirst("^sqlite:/{2,3}", ""));
            rawApp = DEFAULT_DATABASE_URL;
            origins.put("DATABASE_URL", "default (DATABASE_URL names a SQLite file)");
        }
        DatabaseUrl app = DatabaseUrl.parse(rawApp, "DATABASE_URL");
        if (app.user() == null) app = app.withUser("niknotes_user");
        if (app.database() == null) app = app.withDatabase("niknotes_db");
        if (flags.databaseUrl() != null && app.hasPassword()) warnings.add(processListWarning("--database-url", "DATABASE_URL"));

        String defaultAdmin = "postgresql://postgres@" + app.hostAndPort() + "/postgres";
        String rawAdmin = layers.value("NIKNOTES_ADMIN_URL", flags.adminUrl(), defaultAdmin);
        DatabaseUrl admin = DatabaseUrl.parse(rawAdmin, "NIKNOTES_ADMIN_URL");
        if (admin.user() == null) admin = admin.withUser("postgres");
        if (admin.database() == null) admin = admin.withDatabase("postgres");
        if (flags.adminUrl() != null && admin.hasPassword()) warnings.add(processListWarning("--admin-url", "NIKNOTES_ADMIN_URL"));

        app = withPassword(app, flags.passwordFile(), "--password-file", layers, "NIKNOTES_DB_PASSWORD", origins, "app password");
        admin = withPassword(admin, flags.adminPasswordFile(), "--admin-password-file", layers, "PGPASSWORD", origins, "admin password");

        RedisUrl redis = RedisUrl.parse(layers.value("REDIS_URL", flags.redisUrl(), DEFAULT_REDIS_URL), "REDIS_URL");
        if (flags.redisUrl() != null && redis.password() != null) warnings.add(processListWarning("--redis-url", "REDIS_URL"));
        if (redis.password() == null) {
            String pw = layers.value("REDIS_PASSWORD", null, null);
            if (pw != null) redis = redis.withPassword(pw);
        }

        String timeout = layers.value("NIKNOTES_CONNECT_TIMEOUT",
                flags.connectTimeoutSeconds() == null ? null : flags.connectTimeoutSeconds().toString(),
                Integer.toString(DEFAULT_CONNECT_TIMEOUT_SECONDS));
        int seconds;
        try {
            seconds = Integer.parseInt(timeout.strip());
        } catch (NumberFormatException e) {
            throw SetupException.usage("NIKNOTES_CONNECT_TIMEOUT is not a number of seconds", "use e.g. 5");
        }
        if (seconds < 1) throw SetupException.usage("the connect timeout must be at least 1 second", "use e.g. --connect-timeout 5");
        return new Settings(app, admin, redis, Duration.ofSeconds(seconds), sqliteSource, envFile, origins, warnings);
    }

    private DatabaseUrl withPassword(DatabaseUrl url, Path file, String fileFlag, Layers layers, String variable,
                                     Map<String, String> origins, String key) {
        if (url.hasPassword()) {
            origins.put(key, "url");
            return url;
        }
        if (file != null) {
            origins.put(key, fileFlag);
            return url.withPassword(readPasswordFile(environment.resolve(file.toString()), fileFlag));
        }
        String fromEnv = layers.value(variable, null, null);
        if (fromEnv != null) {
            origins.put(key, variable);
            return url.withPassword(fromEnv);
        }
        var pgpass = PgPass.lookup(environment.pgpassFile(), url.host(), url.port(), url.database(), url.user());
        if (pgpass.isPresent()) {
            origins.put(key, ".pgpass");
            return url.withPassword(pgpass.get());
        }
        return url;
    }

    public static String readPasswordFile(Path file, String flag) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw SetupException.usage("the password file " + file + " is empty", "write the password on its first line");
            }
            return first;
        } catch (IOException e) {
            throw new SetupException(ExitCode.USAGE, "cannot read the password file " + file + " (" + flag + ")",
                    "check the path and that the file is readable by you");
        }
    }

    private static String processListWarning(String flag, String variable) {
        return "the password in " + flag + " is visible to other users in the process list; put it in "
                + variable + ", a .env file or a password file instead";
    }

    /** One setting's value through the layers, recording where it came from. */
    private final class Layers {
        private final Map<String, String> dotenv;
        private final Map<String, String> origins;

        Layers(Map<String, String> dotenv, Map<String, String> origins) {
            this.dotenv = dotenv;
            this.origins = origins;
        }

        String value(String name, String flag, String fallback) {
            if (flag != null && !flag.isEmpty()) {
                origins.put(name, "flag");
                return flag;
            }
            String env = environment.get(name);
            if (env != null) {
                origins.put(name, "environment");
                return env;
            }
            String file = dotenv.get(name);
            if (file != null && !file.isEmpty()) {
                origins.put(name, ".env");
                return file;
            }
            if (fallback != null) origins.put(name, "default");
            return fallback;
        }
    }
}
