package io.niknotes.setup.sqlite;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** Whether a SQLite file is whole, and the errors that say it is not (with the fix). */
public final class FileIntegrity {
    private FileIntegrity() {
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
                "copy niknotes.db again from the app (stop the app first, or copy it with `sqlite3 niknotes.db .backup copy.db`)");
    }

    static SetupException unreadable(Path file, IOException e) {
        return new SetupException(ExitCode.SOURCE_INVALID, "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }

    /** Reading the pages failed: the file is not what its header says. */
    static SetupException damaged(Path file, Exception e) {
        return failed(file, SetupException.firstLine(String.valueOf(e.getMessage())), e);
    }

    /** SQLite itself failed to read the file. */
    public static SetupException invalid(Path file, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        return failed(file, msg.lines().findFirst().orElse(""), e);
    }

    private static SetupException failed(Path file, String why, Exception e) {
        return new SetupException(ExitCode.SOURCE_INVALID, "reading " + file + " failed: " + why,
                "the file is damaged or truncated: copy niknotes.db again from the app, or repair it with `sqlite3 niknotes.db .recover`", e);
    }
}
