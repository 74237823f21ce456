package io.niknotes.setup.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The SQLite file seen through ONE read transaction: every table is read from the same snapshot even while the
 * app writes (WAL content committed before the snapshot included). Opened read-only; the file is never modified.
 * Several loader threads share the one connection: each row is fetched under a lock, so the connection is
 * only ever used by one thread at a time (conversion and COPY run outside the lock).
 * <p>
 * Rows of a rollback-journal file are read straight from its pages ({@link PageCursor}) while the read
 * transaction's SHARED lock keeps writers out: no lock, no SQL, several times faster. WAL files, WITHOUT ROWID
 * tables and tables with generated columns are read through SQL ({@link SqlCursor}).
 */
public final class Snapshot implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final Pages pages;
    private final Object lock = new Object();
    private static final long LARGEST_WALKED = 2_000_000;

    private Snapshot(Path file, Connection connection, Pages pages) {
        this.file = file;
        this.connection = connection;
        this.pages = pages;
    }

    public static Snapshot open(Path file) {
        SqliteSource source = new SqliteSource(file);
        source.verifyHeader();
        FileIntegrity.checkNotTruncated(file);
        Connection c = source.openReadOnly();
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from sqlite_master")) {
                rs.next(); // the read transaction, and so the snapshot, starts here
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw FileIntegrity.invalid(file, e);
        }
        try {
            return new Snapshot(file, c, Pages.open(file)); // opened only now: see Pages on locks
        } catch (IOException e) {
            closeQuietly(c);
            throw FileIntegrity.unreadable(file, e);
        }
    }

    /** Whether rows are read from the file's pages (rollback-journal mode) rather than through SQL. */
    public boolean readsPages() {
        return pages.readable();
    }

    public Path file() {
        return file;
    }

    /** Size and modification time of the file and its WAL: changes when the app writes. */
    public String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(file, Path.of(file + "-wal"))) {
            try {
                if (Files.exists(p)) b.append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis()).append(';');
            } catch (IOException e) {
                b.append("?;");
            }
        }
        return b.toString();
    }

    /** User tables and their columns, in name order. */
    public Map<String, SqliteTable> tables() {
        Map<String, SqliteTable> tables = new LinkedHashMap<>();
        synchronized (lock) {
            try {
                for (String name : SqliteSource.tables(connection)) {
                    List<String> columns = new ArrayList<>();
                    Map<String, String> types = new LinkedHashMap<>();
                    try (var ps = connection.prepareStatement("select name, type from pragma_table_info(?) order by cid")) {
                        ps.setString(1, name);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                columns.add(rs.getString(1));
                                types.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
                            }
                        }
                    }
                    String sql = "";
                    int root = 0;
                    try (var ps = connection.prepareStatement("select sql, rootpage from sqlite_master where type = 'table' and name = ?")) {
                        ps.setString(1, name);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                if (rs.getString(1) != null) sql = rs.getString(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                                root = rs.getInt(2);
                            }
                        }
                    }
                    tables.put(name, new SqliteTable(name, columns, types, sql, root));
                }
            } catch (SQLException e) {
                throw FileIntegrity.invalid(file, e);
            }
        }
        return tables;
    }

    /** Row count, and for each given column the largest magnitude among its numeric values (null when none). */
    public Profile profile(SqliteTable table, List<String> numericProbe) {
        StringBuilder sql = new StringBuilder("select count(*)");
        for (String c : numericProbe) {
            String q = SqliteSource.quote(c);
            sql.append(", max(case when typeof(").append(q).append(") in ('integer', 'real') then abs(").append(q).append(") end)");
        }
        sql.append(" from ").append(SqliteSource.quote(table.name()));
        synchronized (lock) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
                rs.next();
                Map<String, Double> max = new LinkedHashMap<>();
                for (int i = 0; i < numericProbe.size(); i++) {
                    double v = rs.getDouble(i + 2);
                    max.put(numericProbe.get(i), rs.wasNull() ? null : v);
                }
                return new Profile(rs.getLong(1), max);
            } catch (SQLException e) {
                throw FileIntegrity.invalid(file, e);
            }
        }
    }

    public record Profile(long rows, Map<String, Double> maxAbs) {
    }

    /**
     * The distinct values of the child's key columns (each as SQLite's text) with no matching parent row, compared
     * by SQLite as the app did (see {@link OrphanQuery}).
     */
    public List<List<String>> missingParents(SqliteTable child, List<String> childColumns, String parent, List<String> parentColumns) {
        String sql = OrphanQuery.sql(child, childColumns, parent, parentColumns);
        List<List<String>> keys = new ArrayList<>();
        synchronized (lock) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>(childColumns.size());
                    for (int i = 1; i <= childColumns.size(); i++) key.add(rs.getString(i));
                    keys.add(List.copyOf(key));
                }
            } catch (SQLException e) {
                throw FileIntegrity.invalid(file, e);
            }
        }
        return keys;
    }

    /** What each column of {@code table} holds, by storage class (for typing a table the target lacks). */
    public List<StoredTypes> storedTypes(SqliteTable table) {
        synchronized (lock) {
            try {
                return StoredTypes.read(connection, table);
            } catch (SQLException e) {
                throw FileIntegrity.invalid(file, e);
            }
        }
    }

    /**
     * The file's structure check, in a background thread: completes with null when the file is sound, else with what is
     * damaged; exceptionally when it could not be read. A file read from its pages is checked from its pages
     * ({@link StructureCheck}: the trees, the freelist, every page used once; the tables' records are checked by the
     * page reader as the copy decodes them); any other file (WAL mode) by SQLite's {@code quick_check}.
     */
    public CompletableFuture<String> checkStructure() {
        // the walk keeps 20 bytes per page: beyond 2 M pages (8 GB of 4 KiB pages) SQLite's own check, in its own memory
        if (!pages.readable() || pages.pages() > LARGEST_WALKED) {
            return SqliteCheck.inBackground(file).thenApply(d -> d == null ? null : "quick_check reports: " + d);
        }
        List<StructureCheck.Tree> trees = new ArrayList<>(List.of(new StructureCheck.Tree("the schema (sqlite_master)", 1, false, false)));
        synchronized (lock) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("select type, name, rootpage, lower(sql) from sqlite_master where rootpage > 0")) {
                while (rs.next()) {
                    boolean withoutRowid = rs.getString(4) != null && rs.getString(4).matches("(?s).*\\)\\s*without\\s+rowid.*");
                    boolean index = rs.getString(1).equals("index");
                    trees.add(new StructureCheck.Tree((index ? "index " : "table ") + rs.getString(2), rs.getInt(3), index || withoutRowid, index));
                }
            } catch (SQLException e) {
                return CompletableFuture.failedFuture(FileIntegrity.invalid(file, e));
            }
        }
        CompletableFuture<String> verdict = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                verdict.complete(StructureCheck.damage(pages, trees));
            } catch (IOException | RuntimeException e) {
                verdict.completeExceptionally(FileIntegrity.damaged(file, e));
            } catch (Error e) { // out of memory: the commits waiting for the verdict must not wait for ever
                verdict.completeExceptionally(FileIntegrity.uncheckable(file, e));
            }
        }, "sqlite-structure-check");
        t.setDaemon(true);
        t.start();
        return verdict;
    }

    /** Streams a table's rows: the given columns, typed. */
    public Cursor cursor(SqliteTable table, List<String> columns) {
        PageLayout layout = null;
        if (pages.readable()) {
            synchronized (lock) {
                try {
                    layout = PageLayout.find(connection, table, columns);
                } catch (SQLException e) {
                    throw FileIntegrity.invalid(file, e);
                }
            }
        }
        return layout != null ? new PageCursor(file, pages, layout, table.name()) : sqlCursor(table, columns);
    }

    /** Streams a table's rows through SQL (what {@link #cursor} falls back to). */
    public Cursor sqlCursor(SqliteTable table, List<String> columns) {
        synchronized (lock) {
            try {
                return SqlCursor.open(connection, lock, file, table, columns);
            } catch (SQLException e) {
                throw FileIntegrity.invalid(file, e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            try {
                connection.rollback(); // a read transaction: ends the snapshot, changes nothing
            } catch (SQLException ignored) {
                // nothing was written
            }
            closeQuietly(connection);
            try {
                pages.close(); // only after the connection: closing it earlier would drop SQLite's lock
            } catch (IOException ignored) {
                // a read-only file
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // read-only connection
        }
    }
}
