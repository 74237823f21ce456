package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.niknotes.setup.support.ChildCopy;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Two copies into one database never interleave: the second waits on the copy's advisory lock, says so, then finds the work done. */
class ConcurrentCopyTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    @Test
    void aSecondCopyWaitsThenFindsTheSameCopyDone() throws Exception {
        String db = CopyFixtures.newDatabase("copy_twice");
        Path file = MigrateFromSqliteTest.bigFile(dir, 300_000);
        long items = CopyFixtures.countSqlite(file, "select count(*) from packing_items");
        ChildCopy first = ChildCopy.start(dir, db, "migrate-from-sqlite", file.toString(), "--jobs", "2");
        first.awaitCopied("packing_items", 20_000);

        Cli.Result second = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString(), "--json");
        int firstExit = first.awaitExit(300);
        assertThat(firstExit).as(first.log()).isZero();
        assertThat(first.log()).contains("all rows copied and verified");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).contains("another copy into " + db + " is running; waiting for it to finish");
        JsonNode doc = MigrateFromSqliteTest.json(second);
        assertThat(doc.get("notes").toString()).contains("finished while this one waited; nothing was written again");
        for (JsonNode t : doc.get("tables")) {
            assertThat(t.get("verification").get("matches").asBoolean()).as(t.toString()).isTrue();
        }
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(items);
        assertThat(CopyFixtures.count(db, "select count(distinct id) from packing_items")).isEqualTo(items);
        assertThat(CopyFixtures.count(db, "select count(*) from users")).isEqualTo(50);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped")).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from pg_index where not indisvalid")).isZero();
        assertThat(CopyFixtures.count(db, "select nextval(pg_get_serial_sequence('audit_logs', 'id')) - (select max(id) from audit_logs)")).isEqualTo(1);
    }
}
