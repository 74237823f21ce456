package io.niknotes.setup.provision;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A session-level advisory lock that serialises concurrent provisioning runs against one server.
 *
 * <p>It is taken with {@code pg_try_advisory_lock} in a polling loop, not with a blocking
 * {@code pg_advisory_lock}: a session blocked inside a statement holds a snapshot, and
 * {@code CREATE INDEX CONCURRENTLY} run by the lock holder waits for every older snapshot, so the two would
 * deadlock (flyway/flyway#1654). Between attempts this session sits idle, outside any transaction.
 */
public final class AdvisoryLock implements AutoCloseable {
    /** "niknotes" in ASCII, as a stable key shared by every version of the tool. */
    public static final long KEY = 0x6e696b6e6f746573L;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Connection connection;
    private final long key;
    private boolean held;
    private boolean waited;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * @param onWait told once when another run holds the lock and this one starts waiting
     */
    public static AdvisoryLock acquire(Connection connection, long key, Duration maxWait, Consumer<String> onWait) {
        return acquire(connection, key, maxWait, onWait, "another niknotes-setup run is provisioning this server; waiting for it to finish");
    }

    /** @param waiting what {@code onWait} is told when another run holds the lock */
    public static AdvisoryLock acquire(Connection connection, long key, Duration maxWait, Consumer<String> onWait, String waiting) {
        AdvisoryLock lock = new AdvisoryLock(connection, key);
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean told = false;
        try {
            while (!lock.tryOnce()) {
                if (!told) {
                    onWait.accept(waiting);
                    told = true;
                    lock.waited = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new SetupException(ExitCode.FAILED, "another niknotes-setup run held the lock for more than "
                            + maxWait.toMinutes() + " minutes (" + waiting + ")", "check for a stuck run (pg_locks where locktype = 'advisory') and retry");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(ExitCode.INTERRUPTED, "interrupted while waiting for the provisioning lock", null, e);
        }
        return lock;
    }

    /** Whether another run held the lock when this one asked: what it did may be done already. */
    public boolean waited() {
        return waited;
    }

    private boolean tryOnce() {
        try (PreparedStatement ps = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                held = rs.getBoolean(1);
                return held;
            }
        } catch (SQLException e) {
            throw new SetupException(ExitCode.FAILED, "cannot take the provisioning lock: " + e.getMessage(), null, e);
        }
    }

    @Override
    public void close() {
        if (!held) return;
        try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
            held = false;
        } catch (SQLException e) {
            // the session ends soon and PostgreSQL releases session locks with it
        }
    }
}
