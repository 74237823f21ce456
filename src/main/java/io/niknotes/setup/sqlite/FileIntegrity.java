package io.niknotes.setup.sqlite;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Whether a SQLite file is whole, and the errors that say it is not (with the fix), in the user's terms: a file
 * another process holds locked (busy beyond the wait), a hot journal a crashed writer left, or damage. Never advises
 * copying a live file: a plain copy of a database being written is how torn files are made.
 */
public final class FileIntegrity {
    private FileIntegrity() {
    }

    private static final String DAMAGED = " is damaged: ";
    /** The one safe way to copy a live file, for the advice of every message. */
    public static final String SAFE_COPY = "copy a live file only with `sqlite3 niknotes.db \".backup copy.db\"`, never with cp";

    /** Busy: another connection holds a lock this read needs, after the busy timeout. */
    public static boolean locked(Exception e) {
        return e instanceof SQLiteException s && (s.getResultCode().code & 0xFF) == SQLiteErrorCode.SQLITE_BUSY.code
                || e instanceof SQLiteException l && (l.getResultCode().code & 0xFF) == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    /** A hot journal: a writer crashed mid-transaction and a read-only connection may not roll it back. */
    public static boolean hotJournal(Exception e) {
        return e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK;
    }

    /** The failure, classified: locked, hot journal, else damaged (all SOURCE_INVALID). */
    public static SetupException of(Path file, Exception e) {
        if (locked(e)) return locked(file, e);
        if (hotJournal(e)) return hotJournal(file, e);
        return damaged(file, "reading it failed: " + SetupException.firstLine(String.valueOf(e.getMessage())), e);
    }

    public static SetupException locked(Path file, Exception e) {
        return new SetupException(ExitCode.SOURCE_INVALID, file + " is locked by another process — is the app running? stop it or retry",
                "stop the app (or wait until its write is done) and run again; a busy file is waited for up to 5 seconds", e);
    }

    public static SetupException hotJournal(Path file, Exception e) {
        return new SetupException(ExitCode.SOURCE_INVALID, file + " has a hot journal (" + file.getFileName()
                + "-journal) left by a writer that crashed: open the file once with the app or `sqlite3` so SQLite rolls it back,"
                + " then run again", "`sqlite3 " + file + " \"pragma quick_check\"` rolls it back; keep the -journal file beside the"
                + " database until then (without it the file is torn)", e);
    }

    /** @param what the damage, e.g. what quick_check reported */
    public static SetupException damaged(Path file, String what, Exception e) {
        return new SetupException(ExitCode.SOURCE_INVALID, file + DAMAGED + what,
                "restore niknotes.db from a backup, or repair it with `sqlite3 niknotes.db .recover`; " + SAFE_COPY, e);
    }

    /** Whether {@code e} says {@code file} is damaged (as {@link #damaged(Path, String, Exception)} words it). */
    public static boolean isDamage(SetupException e, Path file) {
        return e.exitCode() == ExitCode.SOURCE_INVALID && e.getMessage().startsWith(file + DAMAGED);
    }

    /** What damage {@code e} names (after "is damaged: "). */
    public static String damage(SetupException e, Path file) {
        return e.getMessage().substring((file + DAMAGED).length());
    }

    /** The header's page count times the page size must fit in the file (a cut copy does not). */
    static void checkNotTruncated(Path file) {
        byte[] h = new byte[100];
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(h, 0, 100);
            size = Files.size(file);
            if (n < 100) throw truncated(file, "the 100-byte header is incomplete");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        int pageSize = b.getShort(16) & 0xFFFF;
        long pageSizeBytes = pageSize == 1 ? 65536 : pageSize;
        long changeCounter = b.getInt(24) & 0xFFFFFFFFL;
        long pages = b.getInt(28) & 0xFFFFFFFFL;
        long validFor = b.getInt(92) & 0xFFFFFFFFL;
        if (pageSizeBytes < 512 || Long.bitCount(pageSizeBytes) != 1) throw truncated(file, "its header is damaged");
        if (size % pageSizeBytes != 0) throw truncated(file, "its size is not a whole number of pages");
        if (pages > 0 && validFor == changeCounter && pages * pageSizeBytes > size) {
            throw truncated(file, "the header says " + pages + " pages, the file holds " + size / pageSizeBytes);
        }
    }

    private static SetupException truncated(Path file, String why) {
        return new SetupException(ExitCode.SOURCE_INVALID, file + " is truncated or damaged: " + why,
                "restore niknotes.db from a backup; " + SAFE_COPY);
    }

    /** The structure check itself failed (out of memory): the file's state is unknown, so nothing of it may commit. */
    static SetupException uncheckable(Path file, Error e) {
        return new SetupException(ExitCode.SOURCE_INVALID, "the structure check of " + file + " failed: " + e,
                "run again with more memory (NIKNOTES_JAVA_OPTS=-Xmx1g for the installed launcher, or java -Xmx1g -jar …); "
                        + "`niknotes-setup check --sqlite " + file + "` checks the file alone", null);
    }

    static SetupException unreadable(Path file, IOException e) {
        return new SetupException(ExitCode.SOURCE_INVALID, "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }

    /** Reading the pages failed: the file is not what its header says ({@link Damage} names the page and the damage). */
    static SetupException damaged(Path file, Exception e) {
        if (e instanceof Damage) return damaged(file, e.getMessage(), e);
        return of(file, e);
    }

    /** SQLite itself failed to read the file. */
    public static SetupException invalid(Path file, SQLException e) {
        return of(file, e);
    }
}
