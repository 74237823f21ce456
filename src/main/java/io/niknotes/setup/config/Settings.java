package io.niknotes.setup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The resolved configuration every command works from.
 *
 * @param app          the app's own connection (DATABASE_URL); its password may be null when none was found
 * @param admin        the provisioning connection (NIKNOTES_ADMIN_URL), by default the postgres superuser
 * @param direct       DIRECT_URL: the server itself when {@code app} goes through a connection pooler, or null
 * @param redis        REDIS_URL
 * @param sqliteSource a SQLite file named by the environment (DATABASE_URL=sqlite:///…), or null
 * @param envFile      the .env file that was read, else the one init writes (in the working directory)
 * @param credentials  where passwords were looked for (the .env found or not, .pgpass): named when one is missing
 * @param origins      for each setting, where its value came from: default, .env, environment, flag
 * @param warnings     things the user should hear about the configuration itself
 */
public record Settings(DatabaseUrl app, DatabaseUrl admin, DatabaseUrl direct, RedisUrl redis, Duration connectTimeout,
                       Path sqliteSource, Path envFile, CredentialSources credentials, Map<String, String> origins, List<String> warnings) {
    public Settings {
        origins = Map.copyOf(origins);
        warnings = List.copyOf(warnings);
    }

    public Settings withApp(DatabaseUrl newApp) {
        return new Settings(newApp, admin, direct, redis, connectTimeout, sqliteSource, envFile, credentials, origins, warnings);
    }

    public Settings withRedis(RedisUrl newRedis) {
        return new Settings(app, admin, direct, newRedis, connectTimeout, sqliteSource, envFile, credentials, origins, warnings);
    }

    /** With {@code setting}'s origin (shown in -v and deciding what counts as explicitly named) set to {@code origin}. */
    public Settings withOrigin(String setting, String origin) {
        Map<String, String> changed = new java.util.LinkedHashMap<>(origins);
        changed.put(setting, origin);
        return new Settings(app, admin, direct, redis, connectTimeout, sqliteSource, envFile, credentials, changed, warnings);
    }

    /** True when some layer (.env, environment, flag) gave {@code setting} a value. */
    public boolean named(String setting) {
        String origin = origins.get(setting);
        return origin != null && !origin.startsWith("default");
    }

    public Settings withAdmin(DatabaseUrl newAdmin) {
        return new Settings(app, newAdmin, direct, redis, connectTimeout, sqliteSource, envFile, credentials, origins, warnings);
    }

    /**
     * The connection for the steps that need one PostgreSQL session from start to end (migrations under Flyway's
     * lock, the copy): DIRECT_URL when it is given, its missing user and database the app's, and the app's password
     * when it names the app's role without one; else DATABASE_URL itself.
     */
    public DatabaseUrl session() {
        if (direct == null) return app;
        DatabaseUrl d = direct.user() == null ? direct.withUser(app.user()) : direct;
        if (d.database() == null) d = d.withDatabase(app.database());
        if (!d.hasPassword() && app.hasPassword() && d.user().equals(app.user())) d = d.withPassword(app.password());
        return d;
    }
}
