package io.niknotes.setup.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DIRECT_URL through the layers, and what the steps that need one session connect to. */
class DirectUrlTest {
    static final String POOLED = "postgresql://app:pooled-pw@pooler.example:6432/appdb";

    @TempDir
    Path dir;

    private Settings resolve(Map<String, String> env, String flag) {
        Map<String, String> vars = new HashMap<>(env);
        vars.putIfAbsent("PGPASSFILE", dir.resolve("none").toString());
        return new SettingsResolver(new Environment(vars, dir, dir, false, false))
                .resolve(new ConnectionFlags(null, null, null, null, null, null, null, flag));
    }

    @Test
    void noDirectUrlMeansTheAppsOwnConnection() {
        Settings s = resolve(Map.of("DATABASE_URL", POOLED), null);
        assertThat(s.direct()).isNull();
        assertThat(s.session()).isEqualTo(s.app());
        assertThat(s.admin().hostAndPort()).isEqualTo("pooler.example:6432");
    }

    @Test
    void directUrlGoesThroughTheLayersAndLendsTheAppsUserDatabaseAndPassword() throws Exception {
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=" + POOLED + "\nDIRECT_URL=postgresql://from-dotenv:5432/\n");
        Settings dotenv = resolve(Map.of(), null);
        assertThat(dotenv.origins()).containsEntry("DIRECT_URL", ".env");
        DatabaseUrl session = dotenv.session();
        assertThat(session.hostAndPort()).isEqualTo("from-dotenv:5432");
        assertThat(session.user()).isEqualTo("app");
        assertThat(session.database()).isEqualTo("appdb");
        assertThat(session.password()).isEqualTo("pooled-pw");
        assertThat(session.setting()).isEqualTo(Setting.DIRECT);
        // the administrator that is not named is on the server itself, not on the pooler
        assertThat(dotenv.admin().hostAndPort()).isEqualTo("from-dotenv:5432");
        assertThat(dotenv.app().hostAndPort()).isEqualTo("pooler.example:6432");

        Settings env = resolve(Map.of("DIRECT_URL", "postgresql://from-env:5433/"), null);
        assertThat(env.session().hostAndPort()).isEqualTo("from-env:5433");
        assertThat(env.origins()).containsEntry("DIRECT_URL", "environment");

        Settings flag = resolve(Map.of("DIRECT_URL", "postgresql://from-env:5433/"), "postgresql://from-flag:5434/");
        assertThat(flag.session().hostAndPort()).isEqualTo("from-flag:5434");
        assertThat(flag.origins()).containsEntry("DIRECT_URL", "flag");
    }

    @Test
    void aDirectUrlWithItsOwnUserKeepsItAndGetsNoPasswordOfAnother() {
        // Supabase: the pooler's user is postgres.PROJECT, the direct connection's postgres
        Settings s = resolve(Map.of("DATABASE_URL", POOLED, "DIRECT_URL", "postgresql://postgres@db.example:5432/postgres"), null);
        assertThat(s.session().user()).isEqualTo("postgres");
        assertThat(s.session().database()).isEqualTo("postgres");
        assertThat(s.session().hasPassword()).isFalse();
        Settings withPassword = resolve(Map.of("DATABASE_URL", POOLED, "DIRECT_URL", "postgresql://postgres:direct-pw@db.example:5432/postgres"), null);
        assertThat(withPassword.session().password()).isEqualTo("direct-pw");
        assertThat(withPassword.app().password()).isEqualTo("pooled-pw");
    }

    @Test
    void aPasswordInDirectUrlOnTheCommandLineIsWarnedAbout() {
        Settings s = resolve(Map.of("DATABASE_URL", POOLED), "postgresql://app:secret@db.example:5432/appdb");
        assertThat(s.warnings()).anyMatch(w -> w.contains("--direct-url") && w.contains("process list"));
    }
}
