package io.niknotes.setup.sqlite;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The pages of a SQLite file, read with positional reads (the documented file format, version 3). Reading a table's
 * b-tree straight from its pages costs no SQL evaluation and no native call per value, which makes it several times
 * faster than a {@code select} through the JDBC driver.
 * <p>
 * Only correct while the pages cannot change: {@link Snapshot} uses it on rollback-journal files while its
 * read transaction holds SQLite's SHARED lock (no writer can commit until it ends). In WAL mode the snapshot lives
 * partly in the -wal file, so such files are read through SQL instead ({@link #readable()} is false).
 * <p>
 * The file must stay open until the SQLite connection is closed: closing any descriptor of a file drops all of
 * the process's POSIX locks on it, SQLite's SHARED lock included. That is also why it is a {@link RandomAccessFile}
 * and not a {@code FileChannel}: interrupting a thread in a channel read (a cancelled copy) closes the channel.
 */
final class Pages implements AutoCloseable {
    private static final long LOCK_BYTE_OFFSET = 0x40000000L;
    private final RandomAccessFile data;
    private final int pageSize;
    private final int usable;
    private final long pages;
    private final boolean readable;

    private Pages(RandomAccessFile data, int pageSize, int usable, long pages, boolean readable) {
        this.data = data;
        this.pageSize = pageSize;
        this.usable = usable;
        this.pages = pages;
        this.readable = readable;
    }

    /** Opens the file for page reads; {@link #readable()} says whether its format lets us use them. */
    static Pages open(Path file) throws IOException {
        RandomAccessFile data = new RandomAccessFile(file.toFile(), "r");
        try {
            if (data.length() < 100) return new Pages(data, 0, 0, 0, false);
            byte[] header = new byte[100];
            data.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header);
            int size = h.getShort(16) & 0xFFFF;
            int pageSize = size == 1 ? 65536 : size;
            int reserved = h.get(20) & 0xFF;
            boolean rollbackJournal = h.get(18) == 1 && h.get(19) == 1;
            boolean utf8 = h.getInt(56) == 1 || h.getInt(56) == 0;
            long pages = data.length() / Math.max(pageSize, 512);
            boolean readable = rollbackJournal && utf8 && pageSize >= 512 && Integer.bitCount(pageSize) == 1 && pageSize - reserved >= 480;
            return new Pages(data, pageSize, pageSize - reserved, pages, readable);
        } catch (IOException | RuntimeException e) {
            data.close(); // the caller closes its SQLite connection next
            throw e;
        }
    }

    /** True when the file is in rollback-journal mode, UTF-8 and well formed enough to read its pages directly. */
    boolean readable() {
        return readable;
    }

    int pageSize() {
        return pageSize;
    }

    /** Bytes of each page that hold data (the page size minus the reserved tail). */
    int usable() {
        return usable;
    }

    /** The largest payload a table or an index cell holds whole in its page. */
    int maxLocal(boolean index) {
        return index ? (usable - 12) * 64 / 255 - 23 : usable - 35;
    }

    /**
     * How much of a cell's payload of {@code payload} bytes is stored in its page (the file format's rule for overflow):
     * all of it when it fits the page's limit for a table or an index cell, else the part before the first overflow
     * page — always less than {@code payload} then.
     */
    long localPayload(long payload, boolean index) {
        int maxLocal = maxLocal(index);
        if (payload <= maxLocal) return payload;
        int minLocal = (usable - 12) * 32 / 255 - 23;
        long local = minLocal + (payload - minLocal) % (usable - 4);
        return local > maxLocal ? minLocal : local;
    }

    /** Whole pages in the file. */
    long pages() {
        return pages;
    }

    /** Reads page {@code number} (1-based) and the pages after it, as many as fit in {@code into}; returns how many. */
    int readBlock(long number, byte[] into) throws IOException {
        return readBlock(number, into.length / pageSize, into);
    }

    /** Reads page {@code number} (1-based) and the pages after it, at most {@code most} of them; returns how many. */
    int readBlock(long number, int most, byte[] into) throws IOException {
        if (number < 1 || number > pages) throw new Damage("page " + number + " is outside the file (" + pages + " pages)");
        int count = (int) Math.min(Math.min(most, into.length / pageSize), pages - number + 1);
        // never read across the lock-byte page (the 1 GiB offset): on Windows its bytes carry SQLite's mandatory
        // byte-range locks, which another process's PENDING lock would make unreadable; no b-tree ever uses it
        long lockPage = LOCK_BYTE_OFFSET / pageSize + 1;
        if (number < lockPage && number + count > lockPage) count = (int) (lockPage - number);
        synchronized (data) { // one file position, shared by the cursors of all loader threads
            data.seek((number - 1) * pageSize);
            try {
                data.readFully(into, 0, count * pageSize);
            } catch (EOFException e) {
                throw new IOException("page " + number + " ends early", e);
            }
        }
        return count;
    }

    /**
     * Reads like {@link #readBlock(long, int, byte[])}, through {@code buffer} (a direct buffer of {@code into}'s size):
     * one positional read, without the shared file position or its lock, for a reader beside the cursors. Only for a
     * thread nobody interrupts: an interrupted channel read closes the file, and with it SQLite's lock.
     */
    int readBlock(long number, int most, byte[] into, java.nio.ByteBuffer buffer) throws IOException {
        if (number < 1 || number > pages) throw new Damage("page " + number + " is outside the file (" + pages + " pages)");
        int count = (int) Math.min(Math.min(most, into.length / pageSize), pages - number + 1);
        long lockPage = LOCK_BYTE_OFFSET / pageSize + 1;
        if (number < lockPage && number + count > lockPage) count = (int) (lockPage - number);
        buffer.clear().limit(count * pageSize);
        long at = (number - 1) * pageSize;
        while (buffer.hasRemaining()) {
            if (data.getChannel().read(buffer, at + buffer.position()) < 0) throw new Damage("page " + number + " ends early");
        }
        buffer.get(0, into, 0, count * pageSize);
        return count;
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
