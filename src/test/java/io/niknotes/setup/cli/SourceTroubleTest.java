package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.SqliteTrouble;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite file that is busy, left by a crashed writer, torn or corrupt: exit 7 with words that say which, advice
 * that never produces a torn copy, and nothing committed to PostgreSQL.
 */
class SourceTroubleTest {
    static final String LOCKED = "is locked by another process — is the app running? stop it or retry";
    static final String HOT = "left by a writer that crashed: open the file once with the app or `sqlite3` so SQLite rolls it back, then run again";

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    /** Nothing of the file reached PostgreSQL: every table empty, no copy recorded. */
    static void nothingCommitted(String db) {
        assertThat(CopyFixtures.count(db, "select (select count(*) from users) + (select count(*) from trips) + (select count(*) from travelers)"
                + " + (select count(*) from packing_items) + (select count(*) from audit_logs)")).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).as("foreign keys untouched").isEqualTo(3);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_indexes where schemaname = 'public'")).as("indexes untouched")
                .isEqualTo(CopyFixtures.count(CopyFixtures.newDatabase("copy_fresh"), "select count(*) from pg_indexes where schemaname = 'public'"));
    }

    static void neverAdvisesCopyingALiveFile(Cli.Result r) {
        assertThat(r.all()).doesNotContain("copy niknotes.db again").doesNotContain("copy it again");
    }

    @Test
    void aFileLockedByAWriterIsCalledLockedNotDamaged() throws Exception {
        String db = CopyFixtures.newDatabase("copy_locked");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        try (AutoCloseable writer = SqliteTrouble.lock(file)) {
            Cli.Result copy = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString());
            assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
            assertThat(copy.err()).contains(file + " " + LOCKED).doesNotContain("damaged");
            neverAdvisesCopyingALiveFile(copy);
            Cli.Result check = CopyFixtures.cli(dir, db).run("check", "--sqlite", file.toString());
            assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
            assertThat(check.out()).contains(LOCKED).doesNotContain("damaged");
        }
        nothingCommitted(db);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_namespace where nspname = 'niknotes_copy'")).as("no copy started").isZero();
        Cli.Result after = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString());
        assertThat(after.exitCode()).as("once the writer is gone: " + after).isZero();
    }

    @Test
    void aHotJournalIsCalledACrashedWriterNotDamage() throws Exception {
        String db = CopyFixtures.newDatabase("copy_hot");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        SqliteTrouble.crashMidTransaction(file);
        Cli.Result copy = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString());
        assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(copy.err()).contains(HOT).contains("niknotes.db-journal").doesNotContain("damaged");
        neverAdvisesCopyingALiveFile(copy);
        Cli.Result check = CopyFixtures.cli(dir, db).run("check", "--sqlite", file.toString());
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(check.out()).contains(HOT);
        nothingCommitted(db);
        // doing what the message says: one read-write open rolls the journal back, and the copy is the committed data
        CopyFixtures.countSqlite(file, "select count(*) from users");
        Cli.Result after = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString());
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items where name like 'uncommitted %'")).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(3387);
    }

    /** A damaged file is exit 7 naming the damage, nothing of it committed, the indexes and foreign keys back, no copy left unfinished. */
    static Cli.Result refusedAsDamaged(Path dir, String db, Path file) {
        Cli.Result copy = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", file.toString());
        assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(copy.err()).contains(file + " is damaged: ").contains("nothing of it was committed").contains(".recover");
        neverAdvisesCopyingALiveFile(copy);
        nothingCommitted(db);
        Cli.Result check = CopyFixtures.cli(dir, db).run("check", "--sqlite", file.toString());
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(check.out()).contains(file + " is damaged: ").doesNotContain("is unfinished");
        return copy;
    }

    @Test
    void aTornFileIsRefusedAndNothingOfItCommitted() throws Exception {
        String db = CopyFixtures.newDatabase("copy_torn");
        Path torn = SqliteTrouble.torn(dir, CopyFixtures.SAMPLE);
        refusedAsDamaged(dir, db, torn);
    }

    @Test
    void initLeavesTheCheckOfAFileItCopiesToTheCopyAndCommitsNothingOfADamagedOne() throws Exception {
        String db = CopyFixtures.newDatabase("init_corrupt");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        SqliteTrouble.corruptLastLeaf(file, "packing_items");
        Cli.Result init = CopyFixtures.cli(dir, db).run("init", "--from-sqlite", file.toString());
        assertThat(init.exitCode()).as(init.toString()).isEqualTo(ExitCode.SOURCE_INVALID.code());
        assertThat(init.out()).as(init.toString()).contains("✗ sqlite-copy").contains(file + " is damaged: ")
                .doesNotContain("NikNotes can start");
        neverAdvisesCopyingALiveFile(init);
        nothingCommitted(db);
        Cli.Result sound = CopyFixtures.cli(dir, db).run("init", "--from-sqlite", CopyFixtures.sampleCopy(dir, "sound.db").toString());
        assertThat(sound.exitCode()).as(sound.toString()).isZero();
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).isEqualTo(3387);
    }

    @Test
    void aCorruptPageIsRefusedAndNothingOfItCommitted() throws Exception {
        String db = CopyFixtures.newDatabase("copy_corrupt");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        SqliteTrouble.corruptLastLeaf(file, "packing_items");
        refusedAsDamaged(dir, db, file);
    }
}
