package io.niknotes.setup.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool in a child JVM (on the test class path, as a user runs it) against one copy database, to be killed or
 * signalled at a chosen moment of its work: the moment is watched in PostgreSQL's own progress views.
 */
public final class ChildCopy {
    private final Process process;
    private final Path log;
    private final String db;

    private ChildCopy(Process process, Path log, String db) {
        this.process = process;
        this.log = log;
        this.db = db;
    }

    public static ChildCopy start(Path dir, String db, String... args) throws IOException {
        return start(dir, db, java.util.Map.of(), args);
    }

    /** @param env more settings for the child (e.g. NIKNOTES_ADMIN_URL for init) */
    public static ChildCopy start(Path dir, String db, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ShadedJar.java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.niknotes.setup.cli.Main"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "child", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_URL") || k.startsWith("NIKNOTES") || k.startsWith("PG"));
        pb.environment().put("DATABASE_URL", CopyFixtures.appUrl(db));
        pb.environment().put("PGPASSFILE", dir.resolve("none").toString());
        pb.environment().put("NIKNOTES_HOME", dir.resolve("no-such-niknotes-home").toString());
        pb.environment().putAll(env);
        return new ChildCopy(pb.start(), log, db);
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the COPY into {@code table} has sent {@code rows} rows; the child must still be running then. */
    public void awaitCopied(String table, long rows) throws Exception {
        awaitSql("select coalesce(max(tuples_processed), 0) >= " + rows + " from pg_stat_progress_copy p join pg_class c on c.oid = p.relid"
                + " where c.relname = '" + table + "'", "the COPY into " + table + " reached " + rows + " rows");
    }

    /** Waits until the child has printed {@code text} (its progress goes to the log). */
    public void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (log().contains(text)) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the child never printed '" + text + "'; alive=" + process.isAlive() + "; log:\n" + log());
    }

    /** Waits until a CREATE INDEX runs in the copy's database. */
    public void awaitIndexBuild() throws Exception {
        awaitSql("select exists (select 1 from pg_stat_progress_create_index p join pg_database d on d.oid = p.datid where d.datname = '"
                + db + "')", "an index build started");
    }

    private void awaitSql(String sql, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (Connection su = TestServers.get().superuser(db); Statement st = su.createStatement()) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    if (rs.getBoolean(1)) return;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the child never got there (" + what + "); alive=" + process.isAlive() + "; log:\n" + log());
    }

    /** Sends a signal ("INT", "TERM", "KILL") by the process id, as a terminal or a service manager does. */
    public void signal(String name) throws Exception {
        assertThat(process.isAlive()).as("still running when signalled; log:\n" + log()).isTrue();
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /** Waits for the end; returns the exit code. */
    public int awaitExit(long seconds) throws Exception {
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) process.destroyForcibly();
        assertThat(ended).as("the child ended within " + seconds + " s; log:\n" + log()).isTrue();
        return process.exitValue();
    }
}
