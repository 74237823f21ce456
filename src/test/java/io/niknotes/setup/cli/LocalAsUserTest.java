package io.niknotes.setup.cli;

import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.local.LocalCluster;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.LocalBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Run as root where user namespaces are not allowed (Docker's default seccomp profile), {@code local} runs
 * PostgreSQL as an unprivileged system user; NIKNOTES_LOCAL_USER forces that path here. Only meaningful as
 * root on Linux (the CI machines run the suite as root); creates the system user {@code niknotes} if missing.
 */
class LocalAsUserTest {
    static Path home;
    @TempDir
    static Path work;

    @BeforeAll
    static void rootOnly() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux") && "root".equals(System.getProperty("user.name")),
                "only as root on Linux");
        // not @TempDir: those are mode 700, closed to the unprivileged user
        home = Files.createTempDirectory("niknotes-local-as-user", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (home == null) return;
        LocalCluster.of(new Environment(env(), work, work, false, false), line -> { }).destroy();
        try (var walk = Files.walk(home)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static Map<String, String> env() {
        return Map.of("NIKNOTES_HOME", home.toString(), "NIKNOTES_MAVEN_REPOSITORY", LocalBinaries.mavenRepositoryUrl(),
                "NIKNOTES_LOCAL_USER", "niknotes");
    }

    static Cli cli() {
        return new Cli(work).env(env());
    }

    @Test
    void postgresRunsAsTheUnprivilegedUserAndKeepsItsData() throws Exception {
        Cli.Result r = cli().run("local", "start", "--no-redis", "--show-passwords", "--port", "35432");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("runs as the unprivileged user niknotes");
        DatabaseUrl admin = DatabaseUrl.parse(LocalTest.line(r.out(), "NIKNOTES_ADMIN_URL="), "admin");
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("local/pgdata/postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(postmaster).orElseThrow().info().user()).hasValue("niknotes");
        assertThat(Files.getOwner(home.resolve("local/pgdata")).getName()).isEqualTo("niknotes");
        assertThat(Files.getOwner(home.resolve("local/state.properties")).getName()).as("the passwords stay root's").isEqualTo("root");
        try (Connection c = connect(admin); Statement st = c.createStatement()) {
            st.execute("create table gear (name text)");
            st.execute("insert into gear values ('tent')");
        }

        assertThat(cli().run("local", "stop").out()).contains("stopped PostgreSQL");
        Cli.Result again = cli().run("local", "start", "--no-redis");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        try (Connection c = connect(admin); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select name from gear")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("tent");
        }
        assertThat(again.all()).doesNotContain(admin.password());
    }

    private static Connection connect(DatabaseUrl url) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        p.setProperty("password", url.password());
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
