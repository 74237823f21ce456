package io.niknotes.setup;

import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a real terminal (a pseudo-terminal made by util-linux `script`), a server that wants a password nobody
 * configured gets it asked for, like psql does; the typed password is neither echoed nor printed.
 */
@Tag("jar")
@EnabledOnOs(OS.LINUX)
class InteractivePromptTest {
    @TempDir
    Path dir;

    @Test
    void asksForTheAdminPasswordOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is needed for a pseudo-terminal");
        TestServers servers = TestServers.get();
        Path jar = ShadedJar.path();
        String java = ShadedJar.java();
        String inner = java + " -jar " + jar + " check --connect-timeout 5";
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/script", "-qec", inner, "/dev/null"))
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("NIKNOTES_ADMIN_URL", servers.adminUrlWithoutPassword());
        pb.environment().put("REDIS_URL", servers.redisUrl());
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.environment().put("NIKNOTES_HOME", dir.resolve("no-such-niknotes-home").toString());
        pb.environment().remove("PGPASSWORD");
        pb.environment().remove("CI"); // a person at a terminal: with CI set nobody is asked (the run fails with the one missing-password error)
        Process p = pb.start();
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (var in = p.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.indexOf("Password for") < 0 && System.nanoTime() < deadline) Thread.sleep(50);
        // type once the prompt is up, as a person would: the JDK's Console.readPassword turns echo off before it prints the
        // prompt, so the prompt on the screen is the state to wait for (a password typed earlier would be echoed: asserted below)
        p.getOutputStream().write((TestServers.PG_SUPERUSER_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        String out = seen.toString();
        assertThat(out).contains("Password for postgres at 127.0.0.1:" + servers.pgPort())
                .contains("connected as postgres (superuser)")
                .doesNotContain(TestServers.PG_SUPERUSER_PASSWORD)
                .doesNotContain(TestServers.REDIS_PASSWORD);
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The same terminal with CI set: nobody is asked, the run stops with the one missing-password error (exit 4). */
    @Test
    void asksNobodyWhenCiIsSet() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is needed for a pseudo-terminal");
        TestServers servers = TestServers.get();
        String inner = ShadedJar.java() + " -jar " + ShadedJar.path() + " stats --connect-timeout 5";
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/script", "-qec", inner, "/dev/null"))
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + servers.pgPort() + "/postgres");
        pb.environment().put("REDIS_URL", servers.redisUrl());
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.environment().put("NIKNOTES_HOME", dir.resolve("no-such-niknotes-home").toString());
        pb.environment().put("CI", "true");
        pb.environment().remove("NIKNOTES_DB_PASSWORD");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("Password for").contains("no password for the app role postgres")
                .contains("NIKNOTES_DB_PASSWORD");
        assertThat(p.exitValue()).as(out).isEqualTo(ExitCode.AUTH_FAILED.code());
    }
}
