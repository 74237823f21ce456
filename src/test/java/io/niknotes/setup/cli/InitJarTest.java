package io.niknotes.setup.cli;

import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code init} and {@code migrate} from the shaded jar: Flyway's PostgreSQL plugin is found through the merged
 * META-INF/services, and the migrations are read from inside the jar (also without a database, by a dry run).
 */
@Tag("jar")
class InitJarTest {
    static final String PASSWORD = "jar-init-Pw-" + Long.toHexString(System.nanoTime());
    static Path jar;
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        jar = Path.of(System.getProperty("niknotes.jar", "target/niknotes-setup.jar")).toAbsolutePath();
        assertThat(jar).as("run `./mvnw verify`: the shaded jar is built in `package`").exists();
        servers = TestServers.get();
    }

    private String[] run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_URL") || k.startsWith("REDIS") || k.startsWith("NIKNOTES") || k.startsWith("PG"));
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.environment().put("NIKNOTES_ADMIN_URL", servers.adminUrl());
        pb.environment().put("DATABASE_URL", "postgresql://init_jar_user@127.0.0.1:" + servers.pgPort() + "/init_jar_db");
        pb.environment().put("NIKNOTES_DB_PASSWORD", PASSWORD);
        pb.environment().put("REDIS_URL", servers.redisUrl());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the jar finished").isTrue();
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)};
    }

    @Test
    void initFromTheJarAppliesTheMigrationsInsideIt() throws Exception {
        servers.sql("postgres", "drop database if exists init_jar_db with (force)", "drop role if exists init_jar_user");
        String[] dry = run("init", "--dry-run");
        assertThat(dry[0]).as(String.join("\n", dry)).isEqualTo("0");
        assertThat(dry[1]).contains("would apply V1__niknotes_schema.sql, V2__model_indexes.sql, V3__hot_query_indexes.sql");

        String[] r = run("init");
        assertThat(r[0]).as(String.join("\n", r)).isEqualTo("0");
        assertThat(r[1]).contains("applied V1 niknotes schema, V2 model indexes, V3 hot query indexes");
        assertThat(String.join("\n", r)).doesNotContain(PASSWORD).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD);
        try (Connection c = servers.superuser("init_jar_db")) {
            assertThat(Catalog.rows(c, "select version from flyway_schema_history order by installed_rank")).containsExactly("1", "2", "3");
        }
        String[] info = run("migrate", "info");
        assertThat(info[0]).as(String.join("\n", info)).isEqualTo("0");
        assertThat(info[1]).contains("hot query indexes").contains("Success");
    }
}
