package io.niknotes.setup.cli;

import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.DotEnv;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.local.LocalCluster;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.LocalBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's path on a machine with only Java: `init --local` starts private servers, provisions them,
 * copies the SQLite file and writes .env; the data survives a stop and a start.
 */
class InitLocalTest {
    @TempDir
    static Path home;
    @TempDir
    static Path work;

    static Map<String, String> env() {
        return Map.of("NIKNOTES_HOME", home.toString(), "NIKNOTES_MAVEN_REPOSITORY", LocalBinaries.mavenRepositoryUrl());
    }

    static Cli cli() {
        return new Cli(work).env(env());
    }

    @org.junit.jupiter.api.BeforeAll
    static void openHome() {
        LocalBinaries.traversable(home);
    }

    @AfterAll
    static void stopEverything() {
        LocalCluster.of(new Environment(env(), work, work, false, false), line -> { }).stop();
    }

    static long count(DatabaseUrl url, String table) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        p.setProperty("password", url.password());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
             ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void initLocalProvisionsCopiesAndTheDataSurvivesARestart() throws Exception {
        Path sqlite = work.resolve("niknotes.db");
        Files.copy(Path.of("src/test/resources/sample-niknotes.db"), sqlite);
        long items;
        try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             ResultSet rs = lite.createStatement().executeQuery("select count(*) from packing_items")) {
            rs.next();
            items = rs.getLong(1);
        }

        Cli.Result init = cli().run("init", "--local", "--yes");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out()).contains("copied ").contains("NikNotes can start against postgresql://niknotes_user:***@127.0.0.1:");
        Map<String, String> dotenv = DotEnv.parse(Files.readString(work.resolve(".env")), Map.of());
        DatabaseUrl app = DatabaseUrl.parse(dotenv.get("DATABASE_URL"), "DATABASE_URL");
        assertThat(app.password()).as("the generated password went to .env").hasSizeGreaterThanOrEqualTo(24);
        assertThat(init.all()).doesNotContain(app.password());
        assertThat(dotenv.get("REDIS_URL")).startsWith("redis://:").contains("@127.0.0.1:");
        assertThat(count(app, "packing_items")).isEqualTo(items);

        assertThat(cli().run("local", "stop").exitCode()).isZero();
        Cli.Result start = cli().run("local", "start");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(count(app, "packing_items")).as("data intact after stop and start").isEqualTo(items);

        Cli.Result check = new Cli(work).run("check", "--require-redis");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("connected as niknotes_user to niknotes_db");

        Cli.Result again = cli().run("init", "--local", "--yes");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already copied from");
        assertThat(again.all()).doesNotContain(app.password());
    }
}
