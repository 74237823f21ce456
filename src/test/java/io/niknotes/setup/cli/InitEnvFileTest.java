package io.niknotes.setup.cli;

import io.niknotes.setup.support.Catalog;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** init finds out that .env cannot be written before it creates anything, so a generated password is never lost. */
class InitEnvFileTest {
    @TempDir
    Path dir;

    @Test
    void anUnwritableDirectoryStopsInitBeforeTheRoleIsCreated() throws Exception {
        TestServers servers = TestServers.get();
        String role = "init_envro_user";
        String db = "init_envro_db";
        servers.sql("postgres", "drop database if exists " + db + " with (force)", "drop role if exists " + role);
        Path work = Files.createDirectories(dir.resolve("app"));
        // no password anywhere: init would generate one, and .env is the only place it could go
        Cli cli = new Cli(work).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).env("REDIS_URL", servers.redisUrl())
                .env("DATABASE_URL", "postgresql://" + role + "@127.0.0.1:" + servers.pgPort() + "/" + db);
        Cli.Result r;
        readOnly(work, true);
        try {
            r = cli.run("init");
        } finally {
            readOnly(work, false);
        }
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("✗ env-file").contains("cannot create a file in " + work).contains("nothing was created")
                .contains("--no-env-file").doesNotContain("NikNotes can start").doesNotContain("created role");
        assertThat(r.err()).doesNotContain("generated a password");
        try (Connection c = servers.superuser("postgres")) {
            assertThat(Catalog.rows(c, "select 1 from pg_roles where rolname = '" + role + "'")).isEmpty();
            assertThat(Catalog.rows(c, "select 1 from pg_database where datname = '" + db + "'")).isEmpty();
        }
        try (var files = Files.list(work)) {
            assertThat(files.toList()).as("nothing written in the directory").isEmpty();
        }
        // once the directory is writable the same command works and the password is in .env
        Cli.Result again = cli.run("init");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Files.readString(work.resolve(".env"))).contains("DATABASE_URL=postgresql://" + role + ":");
    }

    /** chmod for an ordinary user; root ignores modes, so the immutable attribute (chattr) stands in. */
    private static void readOnly(Path d, boolean on) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(on ? "r-xr-xr-x" : "rwxr-xr-x"));
            return;
        }
        Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", d.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeThat(p.waitFor()).as("chattr is needed to make a directory unwritable for root: " + out).isZero();
    }
}
