package io.niknotes.setup.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite files in the states a user meets them, made by a real writer in another process (a child JVM, as the app
 * is one): locked by a writer, left with a hot journal by a writer that crashed mid-transaction, and torn (that
 * file copied without its journal).
 */
public final class SqliteTrouble {
    private SqliteTrouble() {
    }

    /** In the child: "crash" rewrites every packing item with a tiny cache (pages spill into the file) and halts; "hold" takes an exclusive lock until stdin closes. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[1]); Statement st = c.createStatement()) {
            st.execute("pragma cache_size = 2");
            if (args[0].equals("crash")) {
                c.setAutoCommit(false);
                st.execute("update packing_items set name = 'uncommitted ' || name, notes = hex(randomblob(40))");
                System.out.println("written");
                System.out.flush();
                Runtime.getRuntime().halt(9); // no rollback, no close: the journal stays hot
            }
            st.execute("pragma locking_mode = exclusive"); // the first write takes the EXCLUSIVE lock and keeps it
            st.execute("update users set username = username");
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes stdin
            }
        }
    }

    private static Process child(String mode, Path file) throws Exception {
        return new ProcessBuilder(ShadedJar.java(), "-cp", System.getProperty("java.class.path"), SqliteTrouble.class.getName(), mode,
                file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Leaves {@code file} with a hot journal: a writer crashed in the middle of a big transaction. */
    public static void crashMidTransaction(Path file) throws Exception {
        Process p = child("crash", file);
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("written");
        assertThat(Path.of(file + "-journal")).as("the crashed writer's journal").exists();
    }

    /** A copy of a file a writer was changing, taken without its journal: the state cp makes of a live database. */
    public static Path torn(Path dir, Path sample) throws Exception {
        Path live = dir.resolve("live.db");
        Files.copy(sample, live, StandardCopyOption.REPLACE_EXISTING);
        crashMidTransaction(live);
        Path torn = dir.resolve("torn.db");
        Files.copy(live, torn, StandardCopyOption.REPLACE_EXISTING);
        return torn;
    }

    /** A writer holding the file's exclusive lock; closing the handle releases it. */
    public static AutoCloseable lock(Path file) throws Exception {
        Process p = child("hold", file);
        byte[] line = new byte[5];
        assertThat(p.getInputStream().readNBytes(line, 0, 4)).isEqualTo(4);
        assertThat(new String(line, 0, 4)).isEqualTo("held");
        return () -> {
            p.getOutputStream().close();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        };
    }

    /** Gives the right-most leaf page of {@code table}'s b-tree an impossible cell count: a corrupt page in the middle of the file. */
    public static void corruptLastLeaf(Path file, String table) throws Exception {
        int root;
        int pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("select rootpage from sqlite_master where type = 'table' and name = '" + table + "'")) {
                rs.next();
                root = rs.getInt(1);
            }
            try (var rs = st.executeQuery("pragma page_size")) {
                rs.next();
                pageSize = rs.getInt(1);
            }
        }
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(pageSize);
            long leaf = root;
            while (true) {
                page.clear();
                ch.read(page, (leaf - 1) * pageSize);
                if (page.get(0) != 0x05) break; // not an interior table page: a leaf
                leaf = page.getInt(8) & 0xFFFFFFFFL; // the right-most child
            }
            assertThat(page.get(0)).as("a table leaf page").isEqualTo((byte) 0x0D);
            assertThat(leaf).as("the table spans several pages").isNotEqualTo(root);
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{(byte) 0xFF, (byte) 0xF0}), (leaf - 1) * pageSize + 3);
        }
    }
}
