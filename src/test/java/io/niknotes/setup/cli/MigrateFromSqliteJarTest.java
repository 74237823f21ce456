package io.niknotes.setup.cli;

import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar itself (sqlite-jdbc's native library, pgjdbc's COPY, services merged): run after `package`. */
@Tag("jar")
class MigrateFromSqliteJarTest {
    @TempDir
    Path dir;

    @Test
    void theShadedJarCopiesTheSample() throws Exception {
        TestServers.get();
        String db = CopyFixtures.newDatabase("copy_jar");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        String jar = System.getProperty("niknotes.jar", "target/niknotes-setup.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar,
                "migrate-from-sqlite", file.toString(), "--json").directory(dir.toFile());
        pb.environment().put("DATABASE_URL", CopyFixtures.appUrl(db));
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.redirectError(dir.resolve("err.log").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("\"loaded\" : 4113").contains("\"matches\" : true").doesNotContain(CopyFixtures.PASSWORD);
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(3387);
    }
}
