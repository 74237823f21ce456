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
 * {@code --help}), for the URLs and for the passwords alike: a password given at a higher layer wins whichever URL
 * carried a lower one ({@code NIKNOTES_DB_PASSWORD} for the app, {@code PGPASSWORD} for the administrator,
 * {@code REDIS_PASSWORD}, the password files); {@code ~/.pgpass} when no layer gives one. The {@code .env} file is
 * found like python-dotenv's {@code find_dotenv(usecwd=True)}: the nearest one from the working directory up. Of the
 * two PostgreSQL URLs, one that is not given is on the other's server (host, port, TLS settings). Prompting is the
 * connectors' business. {@code DIRECT_URL} (or {@code --direct-url}) names the server itself when DATABASE_URL goes
 * through a connection pooler: what it leaves out (user, database, password) is the app's ({@link Settings#session()}).
 */
public final class SettingsResolver {
    public static final String DEFAULT_DATABASE_URL = "postgresql://niknotes_user@localhost:5432/niknotes_db";
    public static final String DEFAULT_ADMIN_URL = "postgresql://postgres@localhost:5432/postgres";
    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379/0";
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

    private final Environment environment;

    public SettingsResolver(Environment environment) {
        this.environment = environment;
    }

    public Settings resolve(ConnectionFlags flags) {
        Path envFile;
        Path found;
        if (flags.envFile() != null) {
            envFile = environment.resolve(flags.envFile().toString());
            if (!Files.isRegularFile(envFile)) {
                throw SetupException.usage("the env file " + envFile + " does not exist", "check the path given to --env-file");
            }
            found = envFile;
        } else {
            found = DotEnv.find(environment.workingDirectory());
            envFile = found != null ? found : environment.workingDirectory().resolve(".env");
        }
        Map<String, String> dotenv = found == null ? Map.of() : DotEnv.read(found, environment.variables());
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Layers layers = new Layers(dotenv, origins);

        Layer appLayer = layers.layer("DATABASE_URL", flags.databaseUrl());
        String rawApp = layers.value("DATABASE_URL", flags.databaseUrl(), DEFAULT_DATABASE_URL);
        Path sqliteSource = null;
        String sqliteSetting = null;
        if (rawApp.startsWith("sqlite:")) {
            // the app's own pre-PostgreSQL setting: the SQLite file is our copy source, PostgreSQL is the default
            sqliteSource = environment.resolve(rawApp.replaceFirst("^sqlite:/{2,3}", ""));
            sqliteSetting = "DATABASE_URL (" + origins.get("DATABASE_URL") + ")";
            rawApp = DEFAULT_DATABASE_URL;
            appLayer = Layer.DEFAULT;
            origins.put("DATABASE_URL", "default (DATABASE_URL names a SQLite file)");
        }
        DatabaseUrl app = DatabaseUrl.parse(rawApp, Setting.APP);
        if (app.user() == null) app = app.withUser("niknotes_user");
        if (app.database() == null) app = app.withDatabase("niknotes_db");
        if (flags.databaseUrl() != null && app.hasPassword()) warnings.add(processListWarning("--database-url", "DATABASE_URL"));

        Layer adminLayer = layers.layer("NIKNOTES_ADMIN_URL", flags.adminUrl());
        String rawAdmin = layers.value("NIKNOTES_ADMIN_URL", flags.adminUrl(), DEFAULT_ADMIN_URL);
        DatabaseUrl admin = DatabaseUrl.parse(rawAdmin, Setting.ADMIN);
        if (admin.user() == null) admin = admin.withUser("postgres");
        if (admin.database() == null) admin = admin.withDatabase("postgres");
        if (flags.adminUrl() != null && admin.hasPassword()) warnings.add(processListWarning("--admin-url", "NIKNOTES_ADMIN_URL"));
        Layer directLayer = layers.layer("DIRECT_URL", flags.directUrl());
        DatabaseUrl direct = directLayer == Layer.DEFAULT ? null : DatabaseUrl.parse(layers.value("DIRECT_URL", flags.directUrl(), null), Setting.DIRECT);
        if (flags.directUrl() != null && direct.hasPassword()) warnings.add(processListWarning("--direct-url", "DIRECT_URL"));
        if (direct != null && !direct.hasPassword() && direct.user() != null) {
            DatabaseUrl d = direct;
            direct = PgPass.lookup(environment.pgpassFile(), d.host(), d.port(), d.database() == null ? app.database() : d.database(), d.user())
                    .map(d::withPassword).orElse(d);
        }
        // one of the two named: the other is on the same server (host, port and TLS settings); through a pooler
        // (DIRECT_URL given) the administrator is on the server itself
        if (adminLayer == Layer.DEFAULT && (appLayer != Layer.DEFAULT || direct != null)) admin = admin.at(direct != null ? direct : app);
        if (appLayer == Layer.DEFAULT && adminLayer != Layer.DEFAULT) app = app.at(admin);
        if (sqliteSetting != null) {
            warnings.add(sqliteSetting + " names the SQLite file " + sqliteSource + ": that is the copy source, and PostgreSQL is "
                    + "taken to be at " + app.hostAndPort() + " (" + (adminLayer == Layer.DEFAULT ? "the default" : "NIKNOTES_ADMIN_URL's server")
                    + "); give --database-url or NIKNOTES_ADMIN_URL to name another");
        }

        app = withPassword(app, appLayer, flags.passwordFile(), layers, origins, "app password");
        admin = withPassword(admin, adminLayer, flags.adminPasswordFile(), layers, origins, "admin password");

        Layer redisLayer = layers.layer("REDIS_URL", flags.redisUrl());
        RedisUrl redis = RedisUrl.parse(layers.value("REDIS_URL", flags.redisUrl(), DEFAULT_REDIS_URL), Setting.REDIS);
        if (flags.redisUrl() != null && redis.password() != null) warnings.add(processListWarning("--redis-url", "REDIS_URL"));
        Layer redisPasswordLayer = layers.layer("REDIS_PASSWORD", null);
        if (redisPasswordLayer.outranks(redis.password() == null ? Layer.DEFAULT : redisLayer)) {
            redis = redis.withPassword(layers.value("REDIS_PASSWORD", null, null));
            origins.put("redis password", "REDIS_PASSWORD (" + redisPasswordLayer + ")");
        } else if (redis.password() != null) {
            origins.put("redis password", "REDIS_URL (" + redisLayer + ")");
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
        CredentialSources credentials = new CredentialSources(found, environment.workingDirectory(), environment.pgpassFile());
        return new Settings(app, admin, direct, redis, Duration.ofSeconds(seconds), sqliteSource, envFile, credentials, origins, warnings);
    }

    /**
     * The password of the highest layer wins, whichever carried it: a password file (a flag), the URL (at its
     * setting's layer) or the password variable (at its own); within one layer the URL's. {@code ~/.pgpass} only
     * when no layer gave one.
     */
    private DatabaseUrl withPassword(DatabaseUrl url, Layer urlLayer, Path file, Layers layers, Map<String, String> origins, String key) {
        Setting setting = url.setting();
        if (file != null) {
            origins.put(key, setting.passwordFileFlag());
            return url.withPassword(readPasswordFile(environment.resolve(file.toString()), setting.passwordFileFlag()));
        }
        Layer variableLayer = layers.layer(setting.passwordVariable(), null);
        if (variableLayer.outranks(url.hasPassword() ? urlLayer : Layer.DEFAULT)) {
            origins.put(key, setting.passwordVariable() + " (" + variableLayer + ")");
            return url.withPassword(layers.value(setting.passwordVariable(), null, null));
        }
        if (url.hasPassword()) {
            origins.put(key, setting.name() + " (" + urlLayer + ")");
            return url;
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

    /** Where a value came from, lowest first: the precedence printed in --help. */
    private enum Layer {
        DEFAULT("default"), DOTENV(".env"), ENVIRONMENT("environment"), FLAG("flag");

        private final String shown;

        Layer(String shown) {
            this.shown = shown;
        }

        boolean outranks(Layer other) {
            return compareTo(other) > 0;
        }

        @Override
        public String toString() {
            return shown;
        }
    }

    /** One setting's value through the layers, recording where it came from. */
    private final class Layers {
        private final Map<String, String> dotenv;
        private final Map<String, String> origins;

        Layers(Map<String, String> dotenv, Map<String, String> origins) {
            this.dotenv = dotenv;
            this.origins = origins;
        }

        /** The layer that gives {@code name} a value (DEFAULT: none does). */
        Layer layer(String name, String flag) {
            if (flag != null && !flag.isEmpty()) return Layer.FLAG;
            if (environment.get(name) != null) return Layer.ENVIRONMENT;
            String file = dotenv.get(name);
            return file != null && !file.isEmpty() ? Layer.DOTENV : Layer.DEFAULT;
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
