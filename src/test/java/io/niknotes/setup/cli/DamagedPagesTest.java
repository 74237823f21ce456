package io.niknotes.setup.cli;

import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.PagePatch;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's file with one kind of damage written into its pages (as a disk error, a torn copy or a bad tool leaves
 * it): the copy finds it while reading the pages, exits 7 naming the page and the damage, and commits nothing, not
 * even the tables loaded before the damaged one was read ({@link SourceTroubleTest#refusedAsDamaged}).
 */
class DamagedPagesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    private Path sample() {
        return CopyFixtures.sampleCopy(dir, "niknotes.db");
    }

    private Cli.Result refused(Path file, String prefix, String damage) {
        Cli.Result copy = SourceTroubleTest.refusedAsDamaged(dir, CopyFixtures.newDatabase(prefix), file);
        assertThat(copy.err()).as(copy.toString()).contains(file + " is damaged: " + damage);
        return copy;
    }

    /** Writes {@code bytes} at {@code offset} of the first leaf of {@code table}'s b-tree; returns that page. */
    private static long patchFirstLeaf(Path file, String table, int offset, byte... bytes) throws Exception {
        try (PagePatch p = PagePatch.open(file)) {
            long leaf = p.firstLeaf(table);
            p.write(leaf, offset, bytes);
            return leaf;
        }
    }

    @Test
    void aPageWithAWrongTypeByte() throws Exception {
        Path file = sample();
        long leaf = patchFirstLeaf(file, "trips", 0, (byte) 0);
        refused(file, "copy_type", "page " + leaf + " (table trips): its type byte 0 is not that of a table b-tree page");
    }

    @Test
    void aCellPointerOutsideItsPage() throws Exception {
        Path file = sample();
        long leaf = patchFirstLeaf(file, "packing_items", 8 + 2, (byte) 0xFF, (byte) 0xF0); // the second cell's pointer
        refused(file, "copy_cell", "page " + leaf + " (table packing_items): cell 1 points outside the page's cell area");
    }

    @Test
    void aRecordWhoseHeaderListsMoreThanItsCellHolds() throws Exception {
        Path file = sample();
        long leaf;
        try (PagePatch p = PagePatch.open(file)) {
            leaf = p.firstLeaf("packing_items");
            ByteBuffer page = p.page(leaf);
            int cell = page.getShort(8) & 0xFFFF;
            int record = cell + 2 + 1; // a 2-byte payload size and rowid 1 (the first row)
            assertThat(page.get(cell + 2)).as("rowid 1").isEqualTo((byte) 1);
            p.write(leaf, record + 1, (byte) 0x7F); // the id's serial type: 57 bytes of text instead of its 36
        }
        // packing_items loads first and longest: the small tables must not commit while it is being read
        refused(file, "copy_record", "page " + leaf + " (table packing_items): the record of rowid 1 is longer than its cell");
    }

    @Test
    void anOverflowPagePastTheEndOfTheFile() throws Exception {
        Path file = sample();
        CopyFixtures.sqlite(file, "update travelers set preferences = printf('%.*c', 9000, 'n') where rowid = (select min(rowid) + 3 from travelers)");
        long[] at;
        long pages;
        try (PagePatch p = PagePatch.open(file)) {
            at = p.overflowPointer("travelers");
            assertThat(at).as("a row larger than a page").isNotNull();
            pages = p.pages();
            p.writeInt(at[0], (int) at[1], pages + 500);
        }
        // found by the structure check or by the page reader, whichever reads it first: both name the page and where it points
        Cli.Result copy = refused(file, "copy_overflow", "page " + at[0] + " (table travelers): ");
        assertThat(copy.err()).contains(" overflow chain").contains(" points to page " + (pages + 500) + ", outside the file's " + pages + " pages");
    }

    @Test
    void aFreelistTrunkPointingPastTheEnd() throws Exception {
        Path file = sample();
        CopyFixtures.sqlite(file, "delete from audit_logs where rowid % 2 = 0", "drop index if exists ix_audit_logs_username");
        long trunk;
        long pages;
        try (PagePatch p = PagePatch.open(file)) {
            trunk = p.page(1).getInt(32) & 0xFFFFFFFFL;
            assertThat(trunk).as("the deletes left a freelist").isPositive();
            while (true) { // the last trunk of the chain
                long next = p.page(trunk).getInt(0) & 0xFFFFFFFFL;
                if (next == 0) break;
                trunk = next;
            }
            pages = p.pages();
            p.writeInt(trunk, 0, pages + 7);
        }
        refused(file, "copy_freelist", "freelist trunk page " + trunk + " points to page " + (pages + 7) + ", outside the file's " + pages + " pages");
    }

    @Test
    void aFileCutShortWhoseHeaderDoesNotSayItsSize() throws Exception {
        Path file = sample();
        CopyFixtures.sqlite(file, "vacuum"); // every tree's root first, the rows after them
        long pages;
        try (PagePatch p = PagePatch.open(file)) {
            long lastRoot = p.lastRoot();
            pages = lastRoot + (p.pages() - lastRoot) / 2; // every tree's root is kept: SQLite opens it
            ByteBuffer header = p.page(1);
            p.writeInt(1, 92, header.getInt(24) + 1L); // as SQLite before 3.7.0 left it: the page count in the header is not trusted
            p.truncate(pages);
        }
        Cli.Result copy = refused(file, "copy_cut", "");
        assertThat(copy.err()).as(copy.toString()).contains(", outside the file's " + pages + " pages");
    }
}
