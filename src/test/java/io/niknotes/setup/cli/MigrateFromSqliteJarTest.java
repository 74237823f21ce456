package io.niknotes.setup.cli;

import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        ShadedJar.Run r = ShadedJar.run(dir, List.of("-Xmx256m"), Map.of("DATABASE_URL", CopyFixtures.appUrl(db)), Duration.ofSeconds(120),
                "migrate-from-sqlite", file.toString(), "--json");
        String out = r.out();
        assertThat(r.exitCode()).as(out).isZero();
        assertThat(out).contains("\"loaded\" : 4113").contains("\"matches\" : true").doesNotContain(CopyFixtures.PASSWORD);
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(3387);
    }
}
