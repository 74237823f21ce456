package io.niknotes.setup.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;

/**
 * The structure of a SQLite file, checked from its pages the way SQLite's {@code quick_check} checks it: every b-tree
 * (the schema, each table and index) from its root, each page's type, its cells and cell pointers inside the page,
 * child and overflow page numbers inside the file, every leaf of a tree at the same depth, a table's rowids in order
 * and inside the range its parent pages give them, each row's record header (its fields fit the record), the
 * freelist, and every page of the file used exactly once (by a tree, an overflow chain, the freelist, a pointer map
 * or the lock-byte page): a torn or patched file leaves pages used twice or by nothing, or rows out of order.
 * <p>
 * An index's leaves are counted from their parents' pointers, not read (one per depth tells where the leaves are):
 * they hold only keys, which the copy never uses (PostgreSQL builds its own indexes). Only when pages are left
 * unaccounted for (the overflow pages of large keys, or lost pages) are they read too, for their overflow chains.
 * Values are not decoded here: the page reader ({@link PageCursor}) checks each record it decodes. The trees are
 * walked a level at a time, all trees together, each level in page order, so the pages are read in ascending runs
 * even where the trees' pages interleave (rows inserted with their index entries).
 * Memory: 20 bytes per page (its owner, the range of its rowids), 5 MB for a 1 GB file.
 */
final class StructureCheck {
    /**
     * A b-tree and its root page; {@code index}: index-format pages (an index, or a WITHOUT ROWID table); {@code keysOnly}:
     * an index, whose leaves hold only keys of rows another tree holds (not read unless pages are unaccounted for).
     */
    record Tree(String name, int root, boolean index, boolean keysOnly) {
    }

    private static final int FREELIST = Integer.MAX_VALUE;
    private static final int POINTER_MAP = FREELIST - 1;
    private static final int LOCK_BYTE = FREELIST - 2;
    private static final int TABLE_LEAF = 13;
    private static final int TABLE_INTERIOR = 5;
    private static final int INDEX_LEAF = 10;
    private static final int INDEX_INTERIOR = 2;
    private static final int BLOCK = 32;
    /** The size of a record's field by its serial type 0-9 (10 and 11 are reserved). */
    private static final int[] FIELD_SIZE = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0};
    private static final int MAX_DEPTH = 64;

    private final Pages pages;
    private final List<Tree> trees;
    private final int size;
    private final int usable;
    private final int count;
    /** The largest index entry kept whole in its cell. */
    private final int indexMaxLocal;
    /** Per page: 0 unused, t+1 a page of trees[t], -(t+1) an overflow page of trees[t], or FREELIST, POINTER_MAP, LOCK_BYTE. */
    private final int[] owner;
    private final int[] leafDepth;
    /** Per table page: its rowids are above {@code low} and at most {@code high} (from the parent's keys). */
    private final long[] low;
    private final long[] high;
    private final byte[] block;
    private final byte[] single;
    /** An overflow or freelist page (never the page being visited). */
    private final byte[] chain;
    private final ByteBuffer buffer;
    /** The page being visited: in {@link #block} or {@link #single}. */
    private byte[] page;
    /** Per tree: the last depth whose first page was read on its own (the tree's leaves are known by it). */
    private final int[] probed;
    /** The leaves not read (only when pages are unaccounted for: their overflow chains). */
    private final BitSet leaves;
    private int blockStart;
    private int blockPages;
    private int varintLength;

    private StructureCheck(Pages pages, List<Tree> trees, int count) {
        this.pages = pages;
        this.trees = trees;
        this.size = pages.pageSize();
        this.usable = pages.usable();
        this.count = count;
        this.indexMaxLocal = pages.maxLocal(true);
        this.owner = new int[count + 1];
        this.low = new long[count + 1];
        this.high = new long[count + 1];
        this.leafDepth = new int[trees.size()];
        java.util.Arrays.fill(leafDepth, -1);
        this.block = new byte[BLOCK * size];
        this.single = new byte[size];
        this.chain = new byte[size];
        this.buffer = ByteBuffer.allocateDirect(BLOCK * size);
        this.probed = new int[trees.size()];
        java.util.Arrays.fill(probed, -1);
        this.leaves = new BitSet(count + 1);
    }

    /** Null when the structure is sound, else what is damaged (the first damage found). */
    static String damage(Pages pages, List<Tree> trees) throws IOException {
        try {
            byte[] first = new byte[pages.pageSize()];
            pages.readBlock(1, 1, first);
            ByteBuffer h = ByteBuffer.wrap(first);
            long inHeader = h.getInt(28) & 0xFFFFFFFFL;
            boolean headerCountValid = inHeader > 0 && h.getInt(24) == h.getInt(92);
            long count = headerCountValid ? inHeader : pages.pages();
            if (count > pages.pages()) {
                return "the header says " + count + " pages, the file holds " + pages.pages();
            }
            if (count > Integer.MAX_VALUE - 8) throw new Damage("the file holds more pages than SQLite allows");
            new StructureCheck(pages, trees, (int) count).walk(h);
            return null;
        } catch (Damage d) {
            return d.getMessage();
        }
    }

    private void walk(ByteBuffer header) throws IOException {
        int lockPage = (int) Math.min(0x40000000L / size + 1, Integer.MAX_VALUE);
        if (lockPage <= count) owner[lockPage] = LOCK_BYTE;
        if (header.getInt(52) != 0) pointerMaps(lockPage); // auto-vacuum: pointer-map pages at fixed places
        freelist(header.getInt(32) & 0xFFFFFFFFL, header.getInt(36) & 0xFFFFFFFFL);
        BitSet level = new BitSet(count + 1);
        for (int t = 0; t < trees.size(); t++) {
            int root = trees.get(t).root();
            claim(root, t + 1, "the schema");
            level.set(root);
            low[root] = Long.MIN_VALUE;
            high[root] = Long.MAX_VALUE;
        }
        for (int depth = 0; !level.isEmpty(); depth++) {
            if (depth > MAX_DEPTH) throw new Damage("a b-tree is deeper than any SQLite writes (a loop of child pages)");
            BitSet next = new BitSet(count + 1);
            // a tree's first page at this depth says whether the depth is its leaves': an index's are not read
            for (int p = level.nextSetBit(0); p >= 0; p = level.nextSetBit(p + 1)) {
                int t = owner[p] - 1;
                if (probed[t] == depth) continue;
                probed[t] = depth;
                level.clear(p);
                pages.readBlock(p, 1, single, buffer);
                page = single;
                visit(p, depth, 0, next);
            }
            for (int p = level.nextSetBit(0); p >= 0; p = level.nextSetBit(p + 1)) {
                int t = owner[p] - 1;
                if (leafDepth[t] == depth && trees.get(t).keysOnly()) {
                    leaves.set(p);
                    level.clear(p);
                }
            }
            for (int p = level.nextSetBit(0); p >= 0; p = level.nextSetBit(p + 1)) {
                int base = locate(p, level);
                page = block;
                visit(p, depth, base, next);
            }
            level = next;
        }
        if (unusedPages() > 0 && !leaves.isEmpty()) {
            // the unaccounted pages may be overflow pages of large rows or keys: only the leaves' cells say
            for (int p = leaves.nextSetBit(0); p >= 0; p = leaves.nextSetBit(p + 1)) {
                int base = locate(p, leaves);
                page = block;
                visit(p, leafDepth[owner[p] - 1], base, null);
            }
        }
        unused();
    }

    /**
     * The offset of page {@code p} in the block, read with the pages of this level that follow it without a gap, up to
     * {@link #BLOCK} (reading the other trees' pages in the gaps costs more than the extra reads).
     */
    private int locate(int p, BitSet level) throws IOException {
        if (p < blockStart || p >= blockStart + blockPages) {
            int last = Math.min(level.nextClearBit(p) - 1, Math.min(p + BLOCK - 1, count));
            blockPages = pages.readBlock(p, last - p + 1, block, buffer);
            blockStart = p;
        }
        return (p - blockStart) * size;
    }

    private void visit(int p, int depth, int base, BitSet next) throws IOException {
        int t = owner[p] - 1;
        Tree tree = trees.get(t);
        int h = base + (p == 1 ? 100 : 0);
        int type = page[h] & 0xFF;
        boolean leaf = type == (tree.index() ? INDEX_LEAF : TABLE_LEAF);
        if (!leaf && type != (tree.index() ? INDEX_INTERIOR : TABLE_INTERIOR)) {
            throw damage(p, t, "its type byte " + type + " is not that of " + (tree.index() ? "an index" : "a table") + " b-tree page");
        }
        if (!leaf && leafDepth[t] >= 0 && depth >= leafDepth[t]) throw damage(p, t, "an interior page at the depth of the tree's leaves");
        if (leaf && leafDepth[t] < 0) leafDepth[t] = depth;
        if (leaf && leafDepth[t] != depth) throw damage(p, t, "a leaf at depth " + depth + " where the tree's other leaves are at " + leafDepth[t]);
        int cells = u16(page, h + 3);
        int pointers = h + (leaf ? 8 : 12);
        int end = base + usable;
        int content = pointers + 2 * cells;
        if (content > end) throw damage(p, t, cells + " cells do not fit in the page");
        boolean smallKeys = leaf && tree.index();
        // a table page's rowids: ascending, above the parent's key on the left (low) and up to its key on the right (high)
        long key = low[p];
        for (int i = 0; i < cells; i++) {
            int c = base + u16(page, pointers + 2 * i);
            if (c < content || c >= end) throw damage(p, t, "cell " + i + " points outside the page's cell area");
            int first = page[c] & 0xFF;
            if (smallKeys && first < 0x80 && first <= indexMaxLocal) { // a short index entry (most): whole in its cell
                if (c + 1 + first > end) throw damage(p, t, "a cell runs past the end of the page");
            } else {
                long k = cell(p, t, c, end, leaf, next, key);
                if (tree.index()) continue;
                if (leaf ? k <= key && !(i == 0 && key == Long.MIN_VALUE) : k < key) {
                    throw damage(p, t, "rowid " + k + " is out of order (" + (i == 0 ? "its parent's keys put the page after rowid " : "after rowid ") + key + ")");
                }
                if (k > high[p]) throw damage(p, t, "rowid " + k + " is out of order (its parent's keys put the page up to rowid " + high[p] + ")");
                key = k;
            }
        }
        if (!leaf) child(p, t, u32(page, h + 8), next, key, high[p]);
    }

    /** Checks a cell; returns its rowid (a table's cell) or 0 (an index's). */
    private long cell(int p, int t, int c, int end, boolean leaf, BitSet next, long previousKey) throws IOException {
        boolean index = trees.get(t).index();
        if (!leaf) {
            if (c + 4 > end) throw damage(p, t, "a cell runs past the end of the page");
            if (!index) {
                long key = varint(p, t, c + 4, end); // the largest rowid on the left
                child(p, t, u32(page, c), next, previousKey, key);
                return key;
            }
            child(p, t, u32(page, c), next, 0, 0);
            c += 4;
        }
        long payload = varint(p, t, c, end);
        c += varintLength;
        long rowid = 0;
        if (!index) {
            rowid = varint(p, t, c, end);
            c += varintLength;
        }
        long local = pages.localPayload(payload, index);
        if (local == payload) {
            if (c + payload > end) throw damage(p, t, "a cell runs past the end of the page");
            if (!index) record(p, t, rowid, c, payload, (int) (c + payload));
            return rowid;
        }
        if (c + local + 4 > end) throw damage(p, t, "a cell runs past the end of the page");
        if (!index) record(p, t, rowid, c, payload, (int) (c + local));
        overflow(p, t, u32(page, (int) (c + local)), (payload - local + usable - 5) / (usable - 4));
        return rowid;
    }

    /**
     * A table row's record header, where it lies in the page (up to {@code local}): no reserved serial type, and the
     * fields it lists fit in the record's {@code payload} bytes (SQLite's "malformed" otherwise).
     */
    private void record(int p, int t, long rowid, int at, long payload, int local) throws Damage {
        int first = page[at] & 0xFF;
        long header = first < 0x80 ? first : varint(p, t, at, local);
        int h = at + (first < 0x80 ? 1 : varintLength);
        if (header > payload || header < h - at) throw damage(p, t, "the record of rowid " + rowid + " is malformed");
        if (at + header > local) return; // a header that runs on into the overflow pages: the page reader checks it
        int end = (int) (at + header);
        long body = 0;
        while (h < end) {
            int x = page[h] & 0xFF;
            long type = x < 0x80 ? x : varint(p, t, h, end);
            h += x < 0x80 ? 1 : varintLength;
            if (type >= 12) body += (type - 12) >> 1;
            else if (type == 10 || type == 11) throw damage(p, t, "the record of rowid " + rowid + " is malformed");
            else body += FIELD_SIZE[(int) type];
        }
        if (header + body > payload) throw damage(p, t, "the record of rowid " + rowid + " is longer than its cell");
    }

    /** Claims a child page for the next level, with the range of its rowids (a table's page). */
    private void child(int p, int t, long page, BitSet next, long above, long upTo) throws Damage {
        if (!free(page)) claim(page, t + 1, "page " + p + " (" + describe(t + 1) + ")"); // says why
        owner[(int) page] = t + 1;
        next.set((int) page);
        low[(int) page] = above;
        high[(int) page] = upTo;
    }

    /** Follows a cell's overflow chain: {@code pages} pages, each inside the file and used once. */
    private void overflow(int p, int t, long first, long length) throws IOException {
        long at = first;
        for (long i = 0; i < length; i++) {
            if (at == 0) throw damage(p, t, "the overflow chain of a cell ends after " + i + " of its " + length + " pages");
            if (!free(at)) claim(at, -(t + 1), i == 0 ? "page " + p + " (" + describe(t + 1) + "): an overflow chain" : "overflow page " + at);
            owner[(int) at] = -(t + 1);
            pages.readBlock(at, 1, chain, buffer);
            at = u32(chain, 0);
        }
    }

    private void freelist(long trunk, long expected) throws IOException {
        long found = 0;
        String from = "the header's freelist";
        while (trunk != 0) { // a loop ends at the first page claimed twice
            claim(trunk, FREELIST, from);
            pages.readBlock(trunk, 1, chain, buffer);
            long leaves = u32(chain, 4);
            if (leaves > usable / 4 - 2) throw new Damage("freelist trunk page " + trunk + " lists " + leaves + " pages, more than fit in it");
            for (int i = 0; i < leaves; i++) claim(u32(chain, 8 + 4 * i), FREELIST, "freelist trunk page " + trunk);
            found += leaves + 1;
            from = "freelist trunk page " + trunk;
            trunk = u32(chain, 0);
        }
        if (found != expected) throw new Damage("the freelist holds " + found + " pages, the header says " + expected);
    }

    private void pointerMaps(int lockPage) {
        int perMap = usable / 5 + 1;
        for (long p = 2; p <= count; p += perMap) {
            long map = p == lockPage ? p + 1 : p;
            if (map <= count && owner[(int) map] == 0) owner[(int) map] = POINTER_MAP;
        }
    }

    private int unusedPages() {
        int unused = 0;
        for (int p = 1; p <= count; p++) {
            if (owner[p] == 0) unused++;
        }
        return unused;
    }

    private void unused() throws Damage {
        int unused = unusedPages();
        if (unused > 0) {
            int firstUnused = 1;
            while (owner[firstUnused] != 0) firstUnused++;
            throw new Damage("page " + firstUnused + (unused > 1 ? " and " + (unused - 1) + " other page(s) are" : " is")
                    + " used by no table, index or freelist (lost pages)");
        }
    }

    /** Whether {@code page} is inside the file and not claimed yet (the common case: no message is built for it). */
    private boolean free(long page) {
        return page >= 1 && page <= count && owner[(int) page] == 0;
    }

    private void claim(long page, int by, String from) throws Damage {
        if (page < 1 || page > count) throw new Damage(from + " points to page " + page + ", outside the file's " + count + " pages");
        int p = (int) page;
        if (owner[p] != 0) throw new Damage("page " + p + " is used twice: by " + describe(owner[p]) + " and by " + describe(by));
        owner[p] = by;
    }

    private Damage damage(int p, int t, String what) {
        return new Damage("page " + p + " (" + describe(t + 1) + "): " + what);
    }

    private String describe(int code) {
        return switch (code) {
            case FREELIST -> "the freelist";
            case POINTER_MAP -> "a pointer map";
            case LOCK_BYTE -> "the lock-byte page";
            default -> code > 0 ? trees.get(code - 1).name() : "an overflow page of " + trees.get(-code - 1).name();
        };
    }

    /** A varint inside the page ({@code end}); its length is left in {@link #varintLength}. */
    private long varint(int p, int t, int at, int end) throws Damage {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            if (at + i >= end) throw damage(p, t, "a cell runs past the end of the page");
            int x = page[at + i] & 0xFF;
            if (i == 8) {
                varintLength = 9;
                return (v << 8) | x;
            }
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) == 0) {
                varintLength = i + 1;
                return v;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
