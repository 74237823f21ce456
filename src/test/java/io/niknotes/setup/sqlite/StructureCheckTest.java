package io.niknotes.setup.sqlite;

import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.PagePatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure check read from the pages must agree with SQLite's own {@code quick_check}: sound files of every
 * shape the format allows are sound (no false alarm stops a good copy), and damage SQLite reports is found and named.
 */
class StructureCheckTest {
    @TempDir
    Path dir;

    private Path file(String name, String... sql) {
        Path f = dir.resolve(name);
        CopyFixtures.sqlite(f, sql);
        return f;
    }

    private static String check(Path f) {
        try (Snapshot s = Snapshot.open(f)) {
            assertThat(s.readsPages()).isTrue();
            return s.checkStructure().join();
        }
    }

    private static String quickCheck(Path f) {
        return new SqliteCheck().run(f).toString();
    }

    /** Rows of every size (overflow chains of tables and of index keys), deletes (a freelist), a table WITHOUT ROWID. */
    private static List<String> shapes(int pageSize, String vacuum) {
        List<String> sql = new ArrayList<>(List.of("pragma page_size = " + pageSize, "pragma auto_vacuum = " + vacuum,
                "create table t (id integer primary key, name text, body blob)",
                "create index t_name on t (name)",
                "create table w (k text primary key, v) without rowid",
                "create table gone (x)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000)"
                        + " insert into t select i * 7 - 10000, 'name ' || i || printf('%.*c', i % 1500, 'x'), randomblob(i % 5 * 900) from n",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 500)"
                        + " insert into w select printf('%.*c', i * 3, 'k') || i, i from n",
                "insert into gone select body from t",
                "delete from t where id % 3 = 0",
                "drop table gone"));
        return sql;
    }

    @Test
    void soundFilesOfEveryShapeAreSound() {
        for (int pageSize : new int[]{512, 4096, 65536}) {
            for (String vacuum : new String[]{"none", "full", "incremental"}) {
                Path f = file("sound-" + pageSize + "-" + vacuum + ".db", shapes(pageSize, vacuum).toArray(String[]::new));
                assertThat(quickCheck(f)).as("SQLite finds it sound").contains("quick_check ok");
                assertThat(check(f)).as(pageSize + " " + vacuum).isNull();
            }
        }
        assertThat(check(CopyFixtures.sampleCopy(dir, "sample.db"))).isNull();
    }

    @Test
    void aFreelistThatDoesNotMatchTheHeaderIsDamage() throws Exception {
        Path f = file("freelist.db", shapes(4096, "none").toArray(String[]::new));
        long trunk;
        long count;
        try (PagePatch p = PagePatch.open(f)) {
            ByteBuffer header = p.page(1);
            trunk = header.getInt(32) & 0xFFFFFFFFL;
            count = header.getInt(36) & 0xFFFFFFFFL;
            assertThat(trunk).as("deletes left a freelist").isPositive();
            p.writeInt(1, 36, count + 1);
        }
        assertThat(check(f)).isEqualTo("the freelist holds " + count + " pages, the header says " + (count + 1));
        assertThat(quickCheck(f)).doesNotContain("quick_check ok");
    }

    @Test
    void pagesNoTreeOrFreelistUsesAreLost() throws Exception {
        Path f = file("lost.db", shapes(4096, "none").toArray(String[]::new));
        try (PagePatch p = PagePatch.open(f)) {
            assertThat(p.page(1).getInt(32)).as("a freelist").isPositive();
            p.writeInt(1, 32, 0); // the freelist forgotten: its pages belong to nothing
            p.writeInt(1, 36, 0);
        }
        assertThat(check(f)).startsWith("page ").contains("used by no table, index or freelist (lost pages)");
        assertThat(quickCheck(f)).contains("never used");
    }

    @Test
    void theLeavesOfATableWithoutRowidAreReadLikeAnyTable() throws Exception {
        Path f = file("without.db", shapes(4096, "none").toArray(String[]::new));
        long leaf;
        try (PagePatch p = PagePatch.open(f)) {
            leaf = p.firstLeaf("w");
            p.write(leaf, 3, (byte) 0xFF, (byte) 0xF0); // an impossible cell count
        }
        assertThat(check(f)).isEqualTo("page " + leaf + " (table w): 65520 cells do not fit in the page");
        assertThat(quickCheck(f)).doesNotContain("quick_check ok");
    }

    @Test
    void aPageTwoTreesPointToIsUsedTwice() throws Exception {
        Path f = file("twice.db", shapes(4096, "none").toArray(String[]::new));
        long other;
        try (PagePatch p = PagePatch.open(f)) {
            other = p.root("w");
            long leaf = p.firstLeaf("t");
            // t's first interior page now points to w's root instead of its first leaf
            long parent = p.root("t");
            while (true) {
                ByteBuffer page = p.page(parent);
                int cell = page.getShort(12) & 0xFFFF;
                long child = page.getInt(cell) & 0xFFFFFFFFL;
                if (child == leaf) {
                    p.writeInt(parent, cell, other);
                    break;
                }
                parent = child;
            }
        }
        assertThat(check(f)).contains("page " + other + " is used twice: by ").contains("table w").contains("table t");
        assertThat(quickCheck(f)).doesNotContain("quick_check ok");
    }
}
