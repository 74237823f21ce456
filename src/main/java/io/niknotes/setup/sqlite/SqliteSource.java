package io.niknotes.setup.sqlite;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A NikNotes SQLite file, opened read-only after checking that it is one. The file is never modified. */
public final class SqliteSource {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private final Path file;

    public SqliteSource(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Fails with SOURCE_INVALID unless the file exists, is readable and starts with the SQLite header. */
    public void verifyHeader() {
        if (!Files.exists(file)) {
            throw new SetupException(ExitCode.SOURCE_INVALID, "the SQLite file " + file + " does not exist",
                    "give the path of the app's niknotes.db, or run from the app's directory");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SetupException(ExitCode.SOURCE_INVALID, file + " is not a readable file", "check the path and its permissions");
        }
        byte[] head = new byte[MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new SetupException(ExitCode.SOURCE_INVALID, "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
        }
        if (n == 0) {
            throw new SetupException(ExitCode.SOURCE_INVALID, file + " is empty, not a SQLite database",
                    "point at the app's niknotes.db; an empty file has nothing to copy");
        }
        if (n < MAGIC.length || !Arrays.equals(head, MAGIC)) {
            throw new SetupException(ExitCode.SOURCE_INVALID, file + " is not a SQLite database (no SQLite header)",
                    "point at the app's niknotes.db (the file named in its sqlite:/// DATABASE_URL)");
        }
    }

    /** A read-only connection; WAL content committed by the app is visible. */
    public Connection openReadOnly() {
        verifyHeader();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout(5000);
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            if (FileIntegrity.locked(e) || FileIntegrity.hotJournal(e)) throw FileIntegrity.of(file, e);
            throw new SetupException(ExitCode.SOURCE_INVALID, "cannot open " + file + " as SQLite: " + e.getMessage(),
                    "check that the file is a complete copy of niknotes.db", e);
        }
    }

    /** The user tables, in name order (SQLite's own tables excluded). */
    public static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    /** A SQLite identifier quoted for use in SQL text. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
