package io.niknotes.setup;

import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every exit code of the README's table as the exit status of the jar — what a shell or a CI step sees — each from the
 * situation it names, and 130/143 from real SIGINT/SIGTERM sent to a running jar.
 */
@Tag("jar")
class ExitStatusJarTest {
    static TestServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = TestServers.get();
    }

    private ShadedJar.Run jar(Map<String, String> env, String... args) throws Exception {
        return ShadedJar.run(dir, List.of("-Xmx256m"), env, Duration.ofSeconds(120), args);
    }

    private static Map<String, String> copyTarget(String db) {
        return Map.of("DATABASE_URL", CopyFixtures.appUrl(db));
    }

    private void assertExit(ShadedJar.Run r, ExitCode expected) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(expected.code());
        assertThat(r.all()).as("no stack trace without --verbose").doesNotContain("\tat ");
    }

    @Test
    void ok0() throws Exception {
        assertExit(jar(Map.of(), "--version"), ExitCode.OK);
    }

    /** The sample with {@code trap} applied, copied into a new database by the jar. */
    private ShadedJar.Run copyWithTrap(String tag, String trap) throws Exception {
        String db = CopyFixtures.newDatabase("exit_" + tag);
        Path file = CopyFixtures.sampleCopy(dir, tag + ".db");
        CopyFixtures.sqlite(file, trap);
        return jar(copyTarget(db), "migrate-from-sqlite", file.toString());
    }

    @Test
    void failed1WhenOrphansStopTheCopy() throws Exception {
        assertExit(copyWithTrap("failed", "insert into packing_items (id, trip_id, name) values ('lost', 'no-trip', 'Sock')"), ExitCode.FAILED);
    }

    @Test
    void usage2ForAnUnknownOption() throws Exception {
        assertExit(jar(Map.of(), "check", "--no-such-option"), ExitCode.USAGE);
    }

    @Test
    void cannotConnect3WhenNothingListens() throws Exception {
        int port = TestServers.freePort();
        assertExit(jar(Map.of("NIKNOTES_ADMIN_URL", "postgresql://postgres:x@127.0.0.1:" + port + "/postgres"), "check",
                "--connect-timeout", "2"), ExitCode.CANNOT_CONNECT);
    }

    @Test
    void authFailed4ForAWrongPassword() throws Exception {
        assertExit(jar(Map.of("NIKNOTES_ADMIN_URL", "postgresql://postgres:wrong-Pw-1@127.0.0.1:" + servers.pgPort() + "/postgres"),
                "check"), ExitCode.AUTH_FAILED);
    }

    @Test
    void dataRejected5ForAValueThatIsNoInteger() throws Exception {
        assertExit(copyWithTrap("rejected", "update packing_items set quantity = '2x' where rowid = 1"), ExitCode.DATA_REJECTED);
    }

    @Test
    void verificationMismatch6WhenTheTargetStoresSomethingElse() throws Exception {
        String db = CopyFixtures.newDatabase("exit_mismatch");
        CopyFixtures.storeSomethingElse(db);
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        assertExit(jar(copyTarget(db), "migrate-from-sqlite", file.toString()), ExitCode.VERIFICATION_MISMATCH);
    }

    @Test
    void sourceInvalid7ForAMissingFile() throws Exception {
        String db = CopyFixtures.newDatabase("exit_source");
        assertExit(jar(copyTarget(db), "migrate-from-sqlite", dir.resolve("missing.db").toString()), ExitCode.SOURCE_INVALID);
    }

    @Test
    void schemaDrift8WhenAnIndexIsMissing() throws Exception {
        String db = CopyFixtures.newDatabase("exit_drift");
        servers.sql(db, "drop index ix_users_email");
        Map<String, String> env = new HashMap<>(copyTarget(db));
        env.put("NIKNOTES_ADMIN_URL", servers.adminUrl());
        assertExit(jar(env, "check", "--schema"), ExitCode.SCHEMA_DRIFT);
    }

    /** A jar that keeps running (stats every second), signalled once it has printed its first report. */
    private ShadedJar.Run signalled(String signal) throws Exception {
        String db = CopyFixtures.newDatabase("exit_signal");
        ShadedJar.Started running = ShadedJar.start(dir, List.of("-Xmx256m"), copyTarget(db),
                "stats", "--watch", "--interval", "1", "--count", "600", "--short");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!running.outSoFar().contains("PostgreSQL") && running.process().isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(running.process().isAlive()).as("still watching when signalled:\n" + running.outSoFar()).isTrue();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(running.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        return running.await(Duration.ofSeconds(30));
    }

    @Test
    void interrupted130OnSigint() throws Exception {
        assertExit(signalled("INT"), ExitCode.INTERRUPTED);
    }

    @Test
    void terminated143OnSigterm() throws Exception {
        assertExit(signalled("TERM"), ExitCode.TERMINATED);
    }
}
