package io.niknotes.setup;

import io.niknotes.setup.support.ShadedJar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs install.sh for real with the freshly built jar lying beside it, into a temporary prefix. */
@Tag("jar")
@DisabledOnOs(OS.WINDOWS)
class InstallScriptTest {
    static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        jar = ShadedJar.path();
        assertThat(jar).exists();
    }

    record Run(int exitCode, String out) {
    }

    private Run sh(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Path kit() throws Exception {
        Path kit = dir.resolve("kit");
        Files.createDirectories(kit);
        Files.copy(Path.of("install.sh"), kit.resolve("install.sh"));
        Files.copy(jar, kit.resolve("niknotes-setup.jar"));
        return kit;
    }

    @Test
    void installsUpgradesInPlaceAndUninstalls() throws Exception {
        Path kit = kit();
        Path prefix = dir.resolve("prefix");
        Run first = sh(Map.of(), List.of("sh", kit.resolve("install.sh").toString(), "--prefix", prefix.toString()));
        assertThat(first.exitCode()).as(first.out()).isZero();
        assertThat(first.out()).contains("using the prebuilt").contains("installed niknotes-setup");
        Path launcher = prefix.resolve("bin/niknotes-setup");
        assertThat(launcher).isExecutable();
        assertThat(prefix.resolve("lib/niknotes-setup/niknotes-setup.jsa")).as("class-data-sharing archive").exists();
        assertThat(prefix.resolve("share/bash-completion/completions/niknotes-setup")).isNotEmptyFile();

        Run version = sh(Map.of(), List.of(launcher.toString(), "--version"));
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("niknotes-setup ").doesNotContain("warning").doesNotContain("CDS");
        // the launcher maps the archive (a stale or foreign one would be refused here), and the archive holds what a run
        // connecting to real servers loads, although none answered at install time
        Run archive = sh(Map.of("NIKNOTES_JAVA_OPTS", "-XX:+PrintSharedArchiveAndExit"), List.of(launcher.toString()));
        assertThat(archive.exitCode()).as(archive.out()).isZero();
        assertThat(archive.out()).contains("picocli.CommandLine app_loader", "org.postgresql.core.v3.QueryExecutorImpl app_loader",
                "redis.clients.jedis.Jedis app_loader", "io.niknotes.setup.cli.Check app_loader");

        Run again = sh(Map.of(), List.of("sh", kit.resolve("install.sh").toString(), "--prefix", prefix.toString(), "--no-cds"));
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(prefix.resolve("lib/niknotes-setup/niknotes-setup.jsa")).as("an upgrade drops the stale archive").doesNotExist();
        assertThat(sh(Map.of(), List.of(launcher.toString(), "--version")).exitCode()).isZero();

        Run uninstall = sh(Map.of(), List.of("sh", kit.resolve("install.sh").toString(), "--prefix", prefix.toString(), "--uninstall"));
        assertThat(uninstall.exitCode()).isZero();
        assertThat(launcher).doesNotExist();
        assertThat(prefix.resolve("lib/niknotes-setup")).doesNotExist();
    }

    @Test
    void tooOldJavaIsRefusedWithTheWayToGetANewOne() throws Exception {
        Path kit = kit();
        Path fakeJdk = dir.resolve("jdk11");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Path fakeJava = fakeJdk.resolve("bin/java");
        Files.writeString(fakeJava, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = sh(Map.of("JAVA_HOME", fakeJdk.toString()), List.of("sh", kit.resolve("install.sh").toString(), "--prefix", dir.resolve("p").toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("Java 11 is too old").contains("fix:");
        assertThat(dir.resolve("p/bin/niknotes-setup")).doesNotExist();
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Run r = sh(Map.of(), List.of("sh", kit().resolve("install.sh").toString(), "--bogus"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("unknown option: --bogus");
    }
}
