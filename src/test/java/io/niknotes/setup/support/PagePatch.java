package io.niknotes.setup.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage written into a real SQLite file, byte by byte at the places the file format defines (the b-tree pages of a
 * table, a cell's overflow pointer, the freelist): the files a disk error, a torn copy or a bad tool leave behind.
 * The file must have no reserved bytes per page (SQLite's default).
 */
public final class PagePatch implements AutoCloseable {
    private final FileChannel channel;
    private final Path file;
    private final int pageSize;

    private PagePatch(Path file) throws Exception {
        this.file = file;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("pragma page_size")) {
            rs.next();
            pageSize = rs.getInt(1);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    public static PagePatch open(Path file) throws Exception {
        return new PagePatch(file);
    }

    /** The root page of a table's b-tree. */
    public long root(String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select rootpage from sqlite_master where name = '" + table + "'")) {
            assertThat(rs.next()).as(table + " exists").isTrue();
            return rs.getLong(1);
        }
    }

    /** The highest root page of any table or index. */
    public long lastRoot() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select max(rootpage) from sqlite_master")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long pages() throws IOException {
        return channel.size() / pageSize;
    }

    public ByteBuffer page(long number) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(pageSize);
        channel.read(b, (number - 1) * pageSize);
        return b;
    }

    /** Cuts the file after page {@code pages}. */
    public void truncate(long pages) throws IOException {
        channel.truncate(pages * pageSize);
    }

    public void write(long page, int offset, byte... bytes) throws IOException {
        channel.write(ByteBuffer.wrap(bytes), (page - 1) * pageSize + offset);
    }

    public void writeInt(long page, int offset, long value) throws IOException {
        write(page, offset, ByteBuffer.allocate(4).putInt((int) value).array());
    }

    /** The first leaf of a b-tree (through each interior page's first child), below its root. */
    public long firstLeaf(String table) throws Exception {
        long page = root(table);
        while (page(page).get(0) == 0x05 || page(page).get(0) == 0x02) { // a table's or an index's interior page
            ByteBuffer p = page(page);
            page = p.getInt(p.getShort(12) & 0xFFFF) & 0xFFFFFFFFL;
        }
        assertThat(page(page).get(0)).as("a leaf").isIn((byte) 0x0D, (byte) 0x0A);
        assertThat(page).as("the table spans several pages").isNotEqualTo(root(table));
        return page;
    }

    /** {page, offset} of the overflow pointer of the first row of {@code table} whose record overflows its leaf. */
    public long[] overflowPointer(String table) throws Exception {
        return overflowPointer(root(table));
    }

    private long[] overflowPointer(long number) throws IOException {
        ByteBuffer p = page(number);
        int h = number == 1 ? 100 : 0;
        int cells = p.getShort(h + 3) & 0xFFFF;
        if (p.get(h) == 0x05) {
            for (int i = 0; i <= cells; i++) {
                int at = i < cells ? p.getShort(h + 12 + 2 * i) & 0xFFFF : h + 8;
                long[] found = overflowPointer(p.getInt(at) & 0xFFFFFFFFL);
                if (found != null) return found;
            }
            return null;
        }
        for (int i = 0; i < cells; i++) {
            int[] at = {p.getShort(h + 8 + 2 * i) & 0xFFFF};
            long payload = varint(p, at);
            varint(p, at); // the rowid
            int usable = pageSize;
            if (payload > usable - 35) {
                int minLocal = (usable - 12) * 32 / 255 - 23;
                long local = minLocal + (payload - minLocal) % (usable - 4);
                if (local > usable - 35) local = minLocal;
                return new long[]{number, at[0] + local};
            }
        }
        return null;
    }

    private static long varint(ByteBuffer b, int[] at) {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            int x = b.get(at[0]++) & 0xFF;
            if (i == 8) return (v << 8) | x;
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) == 0) return v;
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
