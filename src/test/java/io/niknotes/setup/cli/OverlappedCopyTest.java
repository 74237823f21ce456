package io.niknotes.setup.cli;

import io.niknotes.setup.support.ChildCopy;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole copy overlaps: while the big table still loads, the small tables loaded beside it already have their
 * indexes and the foreign keys between them back (seen on the server, in one snapshot of its catalog and progress view).
 */
class OverlappedCopyTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    @Test
    void smallTablesAreIndexedAndKeyedWhileTheBigTableStillLoads() throws Exception {
        String db = CopyFixtures.newDatabase("copy_overlap");
        Path file = MigrateFromSqliteTest.bigFile(dir, 400_000);
        ChildCopy child = ChildCopy.start(dir, db, "migrate-from-sqlite", file.toString(), "--jobs", "2");
        String snapshot = "select (select count(*) from pg_stat_progress_copy p join pg_class c on c.oid = p.relid"
                + " where c.relname = 'packing_items'),"
                + " (select count(*) from pg_indexes where schemaname = 'public' and indexname in"
                + " ('ix_audit_logs_timestamp', 'idx_audit_user_timestamp', 'ix_trips_user_id', 'ix_travelers_trip_id', 'idx_user_oauth')),"
                + " (select count(*) from pg_constraint where conname in ('trips_user_id_fkey', 'travelers_trip_id_fkey')),"
                + " (select count(*) from pg_indexes where schemaname = 'public' and indexname = 'ix_packing_items_trip_id')";
        boolean overlapped = false;
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (Connection su = TestServers.get().superuser(db); Statement st = su.createStatement()) {
            while (!overlapped && child.process().isAlive() && System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery(snapshot)) {
                    rs.next();
                    boolean bigLoading = rs.getLong(1) == 1;
                    overlapped = bigLoading && rs.getLong(2) == 5 && rs.getLong(3) == 2;
                    if (bigLoading) assertThat(rs.getLong(4)).as("the big table's own index waits for its load").isZero();
                }
                Thread.sleep(10);
            }
        }
        assertThat(overlapped).as("the small tables' indexes and foreign keys were back while packing_items still loaded; log:\n"
                + child.log()).isTrue();
        assertThat(child.awaitExit(120)).as(child.log()).isZero();
        assertThat(child.log()).contains("all rows copied and verified");
        assertThat(CopyFixtures.count(db, "select count(*) from pg_constraint where contype = 'f'")).isEqualTo(3);
        assertThat(CopyFixtures.count(db, "select count(*) from niknotes_copy.dropped")).isZero();
    }
}
