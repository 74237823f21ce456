package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.ChildCopy;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGINT and SIGTERM to a real child JVM in the middle of a copy: it stops within seconds with a message and 130/143,
 * the running table rolled back, the indexes, foreign keys and sequences put back or named by `check`; a re-run finishes.
 */
class InterruptedCopyTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    private static long secondaryIndexes(String db) {
        return CopyFixtures.count(db, "select count(*) from pg_indexes where schemaname = 'public'");
    }

    /** Signals the child; it must end within a few seconds with the signal's exit code. Returns its output. */
    private static String stop(ChildCopy child, String signal, ExitCode expected) throws Exception {
        long signalled = System.nanoTime();
        child.signal(signal);
        int exit = child.awaitExit(60);
        double seconds = (System.nanoTime() - signalled) / 1e9;
        String log = child.log();
        assertThat(exit).as(log).isEqualTo(expected.code());
        assertThat(seconds).as("stopped within a few seconds; " + log).isLessThan(15);
        return log;
    }

    /** After the stop: either everything is back, or `check` fails naming what is not. Then a re-run finishes the copy. */
    private void putBackOrNamed(String db, Path file, long indexes, String log) {
        Cli cli = CopyFixtures.cli(dir, db);
        Cli.Result check = cli.run("check");
        assertThat(check.exitCode()).as("the copy is unfinished: " + check).isNotZero();
        assertThat(check.out()).contains("is unfinished").contains("run `niknotes-setup migrate-from-sqlite` again");
        if (log.contains("every index, foreign key and sequence is back")) {
            assertThat(secondaryIndexes(db)).isEqualTo(indexes);
            assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
            assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped")).isZero();
            if (CopyFixtures.count(db, "select count(*) from audit_logs") > 0) {
                assertThat(CopyFixtures.count(db, "select nextval(pg_get_serial_sequence('audit_logs', 'id')) - (select max(id) from audit_logs)"))
                        .as("the sequence of a table loaded before the stop").isEqualTo(1);
            }
        } else {
            long missing = CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped");
            assertThat(missing).as("the stop said something is missing: " + log).isPositive();
            assertThat(check.out()).contains("missing: ");
            assertThat(log).contains("still missing: ");
        }
        Cli.Result rerun = cli.run("migrate-from-sqlite", file.toString());
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(secondaryIndexes(db)).isEqualTo(indexes);
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
        assertThat(cli.run("check").exitCode()).isZero();
    }

    @Test
    void sigintMidCopyRollsBackTheTablePutsBackTheIndexesAndExits130() throws Exception {
        String db = CopyFixtures.newDatabase("copy_sigint");
        long indexes = secondaryIndexes(db);
        Path file = MigrateFromSqliteTest.bigFile(dir, 400_000);
        ChildCopy child = ChildCopy.start(dir, db, "migrate-from-sqlite", file.toString(), "--jobs", "2");
        child.awaitCopied("packing_items", 30_000);
        String log = stop(child, "INT", ExitCode.INTERRUPTED);
        assertThat(log).contains("stopped by SIGINT: what was running rolled back")
                .contains("run `niknotes-setup migrate-from-sqlite` again with the same file");
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).as("the running table rolled back").isZero();
        putBackOrNamed(db, file, indexes, log);
    }

    @Test
    void sigtermWhileIndexesAreBuiltExits143AndLeavesNothingUnsaid() throws Exception {
        String db = CopyFixtures.newDatabase("copy_sigterm");
        long indexes = secondaryIndexes(db);
        Path file = MigrateFromSqliteTest.bigFile(dir, 400_000);
        ChildCopy child = ChildCopy.start(dir, db, "migrate-from-sqlite", file.toString(), "--jobs", "2");
        child.awaitLog("building indexes and foreign keys");
        String log = stop(child, "TERM", ExitCode.TERMINATED);
        assertThat(log).contains("stopped by SIGTERM");
        putBackOrNamed(db, file, indexes, log);
    }

    @Test
    void sigintDuringInitsCopyStepStopsItTheSameWay() throws Exception {
        String db = CopyFixtures.newDatabase("copy_init_sigint");
        long indexes = secondaryIndexes(db);
        Path file = MigrateFromSqliteTest.bigFile(dir, 400_000);
        ChildCopy child = ChildCopy.start(dir, db, java.util.Map.of("NIKNOTES_ADMIN_URL", TestServers.get().adminUrl(),
                "REDIS_URL", TestServers.get().redisUrl()), "init", "--from-sqlite", file.toString(), "--no-env-file");
        child.awaitCopied("packing_items", 30_000);
        String log = stop(child, "INT", ExitCode.INTERRUPTED);
        assertThat(log).contains("stopped by SIGINT: what was running rolled back").doesNotContain("NikNotes can start");
        assertThat(CopyFixtures.count(db, "select count(*) from packing_items")).as("the running table rolled back").isZero();
        putBackOrNamed(db, file, indexes, log);
    }
}
