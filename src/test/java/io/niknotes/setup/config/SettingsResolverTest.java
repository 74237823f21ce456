package io.niknotes.setup.config;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsResolverTest {
    @TempDir
    Path dir;

    private Settings resolve(Map<String, String> env, ConnectionFlags flags) {
        Map<String, String> vars = new HashMap<>(env);
        vars.putIfAbsent("PGPASSFILE", dir.resolve("none").toString());
        return new SettingsResolver(new Environment(vars, dir, dir, false, false)).resolve(flags);
    }

    @Test
    void defaultsMatchTheOldScripts() {
        Settings s = resolve(Map.of(), ConnectionFlags.none());
        assertThat(s.app().redacted()).isEqualTo("postgresql://niknotes_user@localhost:5432/niknotes_db");
        assertThat(s.admin().redacted()).isEqualTo("postgresql://postgres@localhost:5432/postgres");
        assertThat(s.redis().redacted()).isEqualTo("redis://localhost:6379/0");
        assertThat(s.connectTimeout().toSeconds()).isEqualTo(5);
        assertThat(s.origins()).containsEntry("DATABASE_URL", "default");
    }

    @Test
    void precedenceIsDefaultsThenDotenvThenEnvironmentThenFlags() throws Exception {
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=postgresql://u@from-dotenv:5432/d\nREDIS_URL=redis://from-dotenv:6379/0\n"
                + "NIKNOTES_ADMIN_URL=postgresql://a@from-dotenv/postgres\n");
        Settings dotenv = resolve(Map.of(), ConnectionFlags.none());
        assertThat(dotenv.app().host()).isEqualTo("from-dotenv");
        assertThat(dotenv.origins()).containsEntry("DATABASE_URL", ".env");

        Settings env = resolve(Map.of("DATABASE_URL", "postgresql://u@from-env:5432/d"), ConnectionFlags.none());
        assertThat(env.app().host()).isEqualTo("from-env");
        assertThat(env.redis().host()).isEqualTo("from-dotenv");
        assertThat(env.origins()).containsEntry("DATABASE_URL", "environment").containsEntry("REDIS_URL", ".env");

        Settings flag = resolve(Map.of("DATABASE_URL", "postgresql://u@from-env:5432/d"),
                new ConnectionFlags("postgresql://u@from-flag:5432/d", null, null, null, "redis://from-flag:1/2", 9, null));
        assertThat(flag.app().host()).isEqualTo("from-flag");
        assertThat(flag.redis().host()).isEqualTo("from-flag");
        assertThat(flag.redis().database()).isEqualTo(2);
        assertThat(flag.connectTimeout().toSeconds()).isEqualTo(9);
        assertThat(flag.origins()).containsEntry("DATABASE_URL", "flag");
    }

    @Test
    void passwordsFromEachSource() throws Exception {
        assertThat(resolve(Map.of("NIKNOTES_DB_PASSWORD", "p1"), ConnectionFlags.none()).app().password()).isEqualTo("p1");
        assertThat(resolve(Map.of("PGPASSWORD", "p2"), ConnectionFlags.none()).admin().password()).isEqualTo("p2");
        Path file = dir.resolve("pw");
        Files.writeString(file, "p3\nignored\n");
        assertThat(resolve(Map.of("NIKNOTES_DB_PASSWORD", "p1"), new ConnectionFlags(null, null, file, null, null, null, null))
                .app().password()).isEqualTo("p3");
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# comment\nother:5432:*:*:no\nlocalhost:5432:niknotes_db:niknotes_user:p\\:4\n");
        assertThat(resolve(Map.of("PGPASSFILE", pgpass.toString()), ConnectionFlags.none()).app().password()).isEqualTo("p:4");
        assertThat(resolve(Map.of("DATABASE_URL", "postgresql://u:inurl@h/d", "NIKNOTES_DB_PASSWORD", "p1"), ConnectionFlags.none())
                .app().password()).isEqualTo("inurl");
    }

    @Test
    void sqliteDatabaseUrlBecomesTheCopySource() {
        Settings s = resolve(Map.of("DATABASE_URL", "sqlite:///niknotes.db"), ConnectionFlags.none());
        assertThat(s.sqliteSource()).isEqualTo(dir.resolve("niknotes.db"));
        assertThat(s.app().database()).isEqualTo("niknotes_db");
    }

    @Test
    void passwordOnCommandLineIsWarned() {
        Settings s = resolve(Map.of(), new ConnectionFlags("postgresql://u:secret@h/d", null, null, null, null, null, null));
        assertThat(s.warnings()).singleElement().asString().contains("process list").doesNotContain("secret");
    }

    @Test
    void missingExplicitEnvFileIsAUsageError() {
        assertThatThrownBy(() -> resolve(Map.of(), new ConnectionFlags(null, null, null, null, null, null, Path.of("nope.env"))))
                .isInstanceOf(SetupException.class).extracting(e -> ((SetupException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
