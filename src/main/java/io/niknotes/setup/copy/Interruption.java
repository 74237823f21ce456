package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request to stop a running copy (SIGINT, SIGTERM), made by the front end and obeyed by the engine: the running
 * statements of every connection the copy uses are cancelled on the server, the row loop stops at its next row, and
 * the thread that runs the copy is woken to put back what it took away. One per run.
 */
public final class Interruption {
    private final Set<Connection> running = ConcurrentHashMap.newKeySet();
    private volatile ExitCode stop;
    private volatile Thread runner;

    /** Called from a signal handler's thread: INTERRUPTED for SIGINT, TERMINATED for SIGTERM. */
    public void stop(ExitCode code) {
        stop = code;
        for (Connection c : running) {
            try {
                c.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException ignored) {
                // the connection is closing anyway; its transaction ends with it
            }
        }
        Thread t = runner;
        if (t != null) t.interrupt();
    }

    public boolean stopped() {
        return stop != null;
    }

    ExitCode code() {
        return stop;
    }

    /** The thread that runs the copy: woken when a stop is asked. */
    void runOn(Thread thread) {
        runner = thread;
    }

    /** Throws when a stop was asked; called per row and between steps. */
    void check() {
        if (stop != null) throw new SetupException(stop, "stopped", null);
    }

    /** {@code c}'s statements are cancelled by a stop while the returned handle is open. */
    Watch watch(Connection c) {
        running.add(c);
        if (stop != null) stop(stop);
        return () -> running.remove(c);
    }

    /** A connection watched for a stop, until closed. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
