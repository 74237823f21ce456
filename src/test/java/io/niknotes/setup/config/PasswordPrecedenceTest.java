package io.niknotes.setup.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12.4: defaults < .env < environment < flags holds for passwords whichever URL carried the lower one, for the
 * app, the administrator and Redis; every pair of layers, both ways round.
 */
class PasswordPrecedenceTest {
    @TempDir
    Path dir;

    private Settings resolve(String dotenv, Map<String, String> env, ConnectionFlags flags) throws Exception {
        if (dotenv != null) Files.writeString(dir.resolve(".env"), dotenv);
        Map<String, String> vars = new HashMap<>(env);
        vars.put("PGPASSFILE", dir.resolve("none").toString());
        return new SettingsResolver(new Environment(vars, dir, dir, false, false)).resolve(flags);
    }

    private Path file(String password) throws Exception {
        Path f = Files.createTempFile(dir, "pw", "");
        Files.writeString(f, password + "\n");
        return f;
    }

    private static ConnectionFlags flags(String databaseUrl, String adminUrl, Path passwordFile, Path adminPasswordFile, String redisUrl) {
        return new ConnectionFlags(databaseUrl, adminUrl, passwordFile, adminPasswordFile, redisUrl, null, null);
    }

    @Test
    void appPasswordEveryLayerPair() throws Exception {
        // .env < environment, both ways round
        assertThat(resolve("DATABASE_URL=postgresql://u:dotenv-url@h/d\n", Map.of("NIKNOTES_DB_PASSWORD", "env-var"),
                ConnectionFlags.none()).app().password()).isEqualTo("env-var");
        assertThat(resolve("NIKNOTES_DB_PASSWORD=dotenv-var\n", Map.of("DATABASE_URL", "postgresql://u:env-url@h/d"),
                ConnectionFlags.none()).app().password()).isEqualTo("env-url");
        // environment < flags, both ways round
        assertThat(resolve(null, Map.of("DATABASE_URL", "postgresql://u:env-url@h/d"), flags(null, null, file("flag-file"), null, null))
                .app().password()).isEqualTo("flag-file");
        assertThat(resolve(null, Map.of("NIKNOTES_DB_PASSWORD", "env-var"), flags("postgresql://u:flag-url@h/d", null, null, null, null))
                .app().password()).isEqualTo("flag-url");
        // .env < flags
        assertThat(resolve("DATABASE_URL=postgresql://u:dotenv-url@h/d\n", Map.of(), flags(null, null, file("flag-file"), null, null))
                .app().password()).isEqualTo("flag-file");
        // defaults (.pgpass) < .env
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "*:*:*:*:from-pgpass\n");
        assertThat(resolve("NIKNOTES_DB_PASSWORD=dotenv-var\n", Map.of("PGPASSFILE", pgpass.toString()), ConnectionFlags.none())
                .app().password()).isEqualTo("dotenv-var");
        // one layer: the URL's own password
        assertThat(resolve("DATABASE_URL=postgresql://u:dotenv-url@h/d\nNIKNOTES_DB_PASSWORD=dotenv-var\n", Map.of(), ConnectionFlags.none())
                .app().password()).isEqualTo("dotenv-url");
    }

    @Test
    void adminPasswordEveryLayerPair() throws Exception {
        assertThat(resolve("NIKNOTES_ADMIN_URL=postgresql://postgres:dotenv-url@h/postgres\n", Map.of("PGPASSWORD", "env-var"),
                ConnectionFlags.none()).admin().password()).isEqualTo("env-var");
        assertThat(resolve("PGPASSWORD=dotenv-var\n", Map.of("NIKNOTES_ADMIN_URL", "postgresql://postgres:env-url@h/postgres"),
                ConnectionFlags.none()).admin().password()).isEqualTo("env-url");
        assertThat(resolve(null, Map.of("NIKNOTES_ADMIN_URL", "postgresql://postgres:env-url@h/postgres"),
                flags(null, null, null, file("flag-file"), null)).admin().password()).isEqualTo("flag-file");
        assertThat(resolve(null, Map.of("PGPASSWORD", "env-var"), flags(null, "postgresql://postgres:flag-url@h/postgres", null, null, null))
                .admin().password()).isEqualTo("flag-url");
        assertThat(resolve("NIKNOTES_ADMIN_URL=postgresql://postgres:dotenv-url@h/postgres\n", Map.of(),
                flags(null, null, null, file("flag-file"), null)).admin().password()).isEqualTo("flag-file");
    }

    @Test
    void redisPasswordEveryLayerPair() throws Exception {
        assertThat(resolve("REDIS_URL=redis://:dotenv-url@h:6379/0\n", Map.of("REDIS_PASSWORD", "env-var"), ConnectionFlags.none())
                .redis().password()).isEqualTo("env-var");
        assertThat(resolve("REDIS_PASSWORD=dotenv-var\n", Map.of("REDIS_URL", "redis://:env-url@h:6379/0"), ConnectionFlags.none())
                .redis().password()).isEqualTo("env-url");
        assertThat(resolve(null, Map.of("REDIS_PASSWORD", "env-var"), flags(null, null, null, null, "redis://:flag-url@h:6379/0"))
                .redis().password()).isEqualTo("flag-url");
        assertThat(resolve("REDIS_PASSWORD=dotenv-var\n", Map.of(), flags(null, null, null, null, "redis://:flag-url@h:6379/0"))
                .redis().password()).isEqualTo("flag-url");
        assertThat(resolve("REDIS_URL=redis://h:6379/0\nREDIS_PASSWORD=dotenv-var\n", Map.of(), ConnectionFlags.none())
                .redis().password()).isEqualTo("dotenv-var");
    }

    /** Issue 12.1: a URL not given is on the other's server: host, port and TLS settings. */
    @Test
    void aMissingUrlIsOnTheOthersServer() throws Exception {
        Settings adminOnly = resolve(null, Map.of("NIKNOTES_ADMIN_URL", "postgresql://postgres:x@db.example:55432/postgres?sslmode=require"),
                ConnectionFlags.none());
        assertThat(adminOnly.app().hostAndPort()).isEqualTo("db.example:55432");
        assertThat(adminOnly.app().params()).containsEntry("sslmode", "require");
        assertThat(adminOnly.app().user()).isEqualTo("niknotes_user");
        Settings appOnly = resolve(null, Map.of("DATABASE_URL", "postgresql://u:p@db.example:6543/d?sslmode=verify-full"), ConnectionFlags.none());
        assertThat(appOnly.admin().hostAndPort()).isEqualTo("db.example:6543");
        assertThat(appOnly.admin().params()).containsEntry("sslmode", "verify-full");
        assertThat(appOnly.admin().user()).isEqualTo("postgres");
    }

    /** Issue 12.5: DATABASE_URL=sqlite:///… is the copy source, and the fallback to PostgreSQL's default is said. */
    @Test
    void aSqliteDatabaseUrlSaysWherePostgresIsLookedFor() throws Exception {
        Settings s = resolve("DATABASE_URL=sqlite:///x.db\n", Map.of(), ConnectionFlags.none());
        assertThat(s.sqliteSource()).isEqualTo(dir.resolve("x.db"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("DATABASE_URL (.env)").contains(dir.resolve("x.db").toString())
                .contains("localhost:5432"));
    }
}
