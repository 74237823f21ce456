package io.niknotes.setup.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Walks a rowid table's b-tree in rowid order, straight from the file's pages, and decodes each record into typed
 * values, as SQLite reads them: integers as longs, reals as doubles (a whole number stored as an integer in a
 * REAL column reads as a real), text and blobs as stored. A field missing from an old record (a column added
 * later by ALTER TABLE) takes the column's default, as SQLite does.
 */
final class PageCursor implements Cursor {
    private static final int LEAF = 13;
    private static final int INTERIOR = 5;
    /** Pages per read: a table written in one go lies in consecutive pages. */
    private static final int BLOCK = 32;

    private final Pages pages;
    private final PageLayout layout;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final int usable;
    private final Path file;
    private final String table;
    private boolean anyRow;
    private byte[] leaf;
    private long leafPageNumber;
    private int leafCell;
    private int leafCells;
    private long rowid;
    private byte[] payload = new byte[256];
    private long[] serial = new long[16];
    private int[] offset = new int[16];
    private final byte[] block;
    private long blockStart;
    private int blockPages;

    private record Frame(long number, byte[] page, int headerOffset, int cells, int[] next) {
    }

    /** @param table the table's name, for the message naming a damaged page */
    PageCursor(Path file, Pages pages, PageLayout layout, String table) {
        this.file = file;
        this.table = table;
        this.pages = pages;
        this.layout = layout;
        this.usable = pages.usable();
        this.block = new byte[BLOCK * pages.pageSize()];
        try {
            descend(layout.rootPage());
        } catch (IOException | RuntimeException e) {
            throw FileIntegrity.damaged(file, e);
        }
    }

    @Override
    public boolean next(Row values) {
        try {
            while (leaf == null || leafCell >= leafCells) {
                if (!advance()) return false;
            }
            int pointer = cellPointer(leafPageNumber, leaf, (leafPageNumber == 1 ? 100 : 0) + 8, leafCells, leafCell++);
            long before = rowid;
            decodeCell(pointer, values);
            if (anyRow && rowid <= before) throw damage(leafPageNumber, "rowid " + rowid + " is out of order (after rowid " + before + ")");
            anyRow = true;
            return true;
        } catch (IndexOutOfBoundsException e) {
            throw FileIntegrity.damaged(file, damage(leafPageNumber, "a cell runs past the end of the page"));
        } catch (IOException | RuntimeException e) {
            throw FileIntegrity.damaged(file, e);
        }
    }

    @Override
    public long rowid() {
        return rowid;
    }

    @Override
    public void close() {
        stack.clear();
        leaf = null;
    }


    /** Moves to the next leaf page; false when the tree is done. */
    private boolean advance() throws IOException {
        leaf = null;
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            int i = f.next()[0]++;
            if (i < f.cells()) {
                int cell = cellPointer(f.number(), f.page(), f.headerOffset() + 12, f.cells(), i);
                if (cell + 4 > usable) throw damage(f.number(), "cell " + i + " runs past the end of the page");
                descend(child(f, u32(f.page(), cell)));
                if (leaf != null) return true;
            } else if (i == f.cells()) {
                descend(child(f, u32(f.page(), f.headerOffset() + 8)));
                if (leaf != null) return true;
            } else {
                stack.pop();
            }
        }
        return false;
    }

    /** Reads page {@code number}: a leaf becomes the current leaf, an interior page is pushed on the stack. */
    private void descend(long number) throws IOException {
        if (stack.size() > 64) throw new IOException("the b-tree is deeper than any valid SQLite file");
        byte[] page = new byte[pages.pageSize()];
        readPage(number, page);
        int h = number == 1 ? 100 : 0;
        int type = page[h] & 0xFF;
        int cells = u16(page, h + 3);
        if ((type == LEAF || type == INTERIOR) && h + (type == LEAF ? 8 : 12) + 2 * cells > usable) {
            throw damage(number, cells + " cells do not fit in the page");
        }
        if (type == LEAF) {
            leaf = page;
            leafPageNumber = number;
            leafCell = 0;
            leafCells = cells;
        } else if (type == INTERIOR) {
            stack.push(new Frame(number, page, h, cells, new int[]{0}));
        } else {
            throw damage(number, "its type byte " + type + " is not that of a table b-tree page");
        }
    }

    private long child(Frame parent, long number) throws Damage {
        if (number < 2 || number > pages.pages()) {
            throw damage(parent.number(), "points to page " + number + ", outside the file's " + pages.pages() + " pages");
        }
        return number;
    }

    /** Where cell {@code i} of a page starts: after the cell pointers and inside the page, else the page is damaged. */
    private int cellPointer(long number, byte[] page, int pointers, int cells, int i) throws Damage {
        int cell = u16(page, pointers + 2 * i);
        if (cell < pointers + 2 * cells || cell >= usable) throw damage(number, "cell " + i + " points outside the page's cell area");
        return cell;
    }

    private Damage damage(long page, String what) {
        return new Damage("page " + page + " (table " + table + "): " + what);
    }

    /**
     * A page, through a read-ahead block: a table written in one go lies in consecutive pages, so one read of
     * {@link #BLOCK} pages serves the next leaves too.
     */
    private void readPage(long number, byte[] into) throws IOException {
        int size = pages.pageSize();
        if (number < blockStart || number >= blockStart + blockPages) {
            blockPages = pages.readBlock(number, block);
            blockStart = number;
        }
        System.arraycopy(block, (int) (number - blockStart) * size, into, 0, size);
    }

    private void decodeCell(int p, Row values) throws IOException {
        byte[] page = leaf;
        long payloadSize = varint(page, p);
        p += varintLength;
        rowid = varint(page, p);
        p += varintLength;
        if (payloadSize > Integer.MAX_VALUE - 16) throw new IOException("a row of " + payloadSize + " bytes is beyond SQLite's limits");
        int size = (int) payloadSize;
        byte[] record;
        int start;
        int local = (int) pages.localPayload(size, false);
        if (local == size) {
            record = page;
            start = p;
            if (p + size > usable) throw damage(leafPageNumber, "a cell runs past the end of the page");
        } else {
            if (payload.length < size) payload = new byte[Math.max(size, payload.length * 2)];
            if (p + local + 4 > usable) throw damage(leafPageNumber, "a cell runs past the end of the page");
            System.arraycopy(page, p, payload, 0, local);
            long overflow = u32(page, p + local);
            int filled = local;
            byte[] over = new byte[pages.pageSize()];
            while (filled < size) {
                if (overflow < 2 || overflow > pages.pages()) {
                    throw damage(leafPageNumber, overflow == 0 ? "the overflow chain of rowid " + rowid + " ends early"
                            : "the overflow chain of rowid " + rowid + " points to page " + overflow + ", outside the file's " + pages.pages() + " pages");
                }
                readPage(overflow, over);
                int n = Math.min(usable - 4, size - filled);
                System.arraycopy(over, 4, payload, filled, n);
                filled += n;
                overflow = u32(over, 0);
            }
            record = payload;
            start = 0;
        }
        try {
            decodeRecord(record, start, size, values);
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            throw damage(leafPageNumber, "the record of rowid " + rowid + " is malformed");
        }
    }

    private void decodeRecord(byte[] r, int start, int size, Row values) throws IOException {
        int headerSize = (int) varint(r, start);
        int h = start + varintLength;
        int body = start + headerSize;
        int fields = 0;
        int at = body;
        while (h < start + headerSize) {
            long type = varint(r, h);
            h += varintLength;
            if (fields == serial.length) {
                serial = Arrays.copyOf(serial, fields * 2);
                offset = Arrays.copyOf(offset, fields * 2);
            }
            serial[fields] = type;
            offset[fields] = at;
            at += length(type);
            fields++;
        }
        if (headerSize > size || at > start + size) throw damage(leafPageNumber, "the record of rowid " + rowid + " is longer than its cell");
        int[] wanted = layout.fields();
        for (int i = 0; i < wanted.length; i++) {
            int f = wanted[i];
            if (layout.rowidAlias()[i] && (f >= fields || serial[f] == 0)) {
                values.setInteger(i, rowid);
            } else if (f >= fields) {
                values.copy(i, layout.defaults(), i);
            } else if (layout.real()[i] && serial[f] >= 1 && serial[f] <= 9 && serial[f] != 7) {
                values.setReal(i, integer(r, serial[f], offset[f]));
            } else {
                value(r, serial[f], offset[f], values, i);
            }
        }
    }

    private static void value(byte[] r, long type, int at, Row values, int i) {
        if (type == 0) {
            values.setNull(i);
        } else if (type >= 12) {
            int len = (int) ((type - 12) >> 1);
            values.setBytes(i, (type & 1) == 0 ? StorageClass.BLOB : StorageClass.TEXT, Arrays.copyOfRange(r, at, at + len));
        } else if (type == 7) {
            values.setReal(i, Double.longBitsToDouble(bigEndian(r, at, 8)));
        } else {
            values.setInteger(i, integer(r, type, at));
        }
    }

    /** An integer field (serial types 1-6, 8 and 9). */
    private static long integer(byte[] r, long type, int at) {
        if (type == 8) return 0;
        if (type == 9) return 1;
        return signed(r, at, (int) length(type));
    }

    private static long signed(byte[] r, int at, int len) {
        int shift = 64 - 8 * len;
        return (bigEndian(r, at, len) << shift) >> shift;
    }

    private static long length(long type) {
        if (type >= 12) return (type - 12) >> 1;
        return switch ((int) type) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            case 0, 8, 9 -> 0;
            default -> throw new IllegalStateException("serial type " + type + " is reserved");
        };
    }

    private static long bigEndian(byte[] r, int at, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) v = (v << 8) | (r[at + i] & 0xFF);
        return v;
    }

    private int varintLength;

    /** SQLite's big-endian varint (1–9 bytes); its length is left in {@link #varintLength}. */
    private long varint(byte[] b, int p) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int x = b[p + i] & 0xFF;
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) == 0) {
                varintLength = i + 1;
                return v;
            }
        }
        varintLength = 9;
        return (v << 8) | (b[p + 8] & 0xFF);
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
