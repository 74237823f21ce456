package io.niknotes.setup.postgres;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tells whether a connection goes through a connection pooler (PgBouncer, Supavisor, pgcat, a provider's "pooled"
 * port) rather than straight to one PostgreSQL backend, and says what a pooled connection cannot do.
 *
 * <p>The test: at login PostgreSQL sends the client its backend's process id (BackendKeyData, the key a cancel
 * request names), and {@code pg_backend_pid()} is the process that runs the query; straight to PostgreSQL they are
 * one process. A pooler does not bind its client to one backend, so it cannot hand a backend's key on: it makes up
 * its own (PgBouncer: random bytes), and the two differ. One query, nothing changed, no guess from the port (6432 is
 * only a habit). Not chosen: "does the pid change between two transactions" (a pooler with one idle server
 * connection hands the same backend to every transaction, so that probe says "direct" through PgBouncer); PgBouncer's
 * {@code SHOW POOLS} (only its admin console answers, a separate database with its own user list).
 *
 * <p>A client cannot ask a pooler its pool mode, so a pooler is taken to pool by transaction, as managed services'
 * pooled ports do: pgjdbc must not keep server-side prepared statements ({@code prepareThreshold=0}), and session
 * state (advisory locks, {@code SET}, Flyway's lock, the copy's session) does not last from one transaction to the
 * next.
 */
public final class Pooler {
    private Pooler() {
    }

    /** True when {@code c} is not bound to the backend that logged it in: a pooler stands between. */
    public static boolean between(Connection c) throws SQLException {
        int loginPid = c.unwrap(PGConnection.class).getBackendPID();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) != loginPid;
        }
    }

    /** The refusal of a step that needs one session, before it changes anything: names where a direct connection goes. */
    public static SetupException needsSession(DatabaseUrl pooled, String step) {
        boolean direct = "DIRECT_URL".equals(pooled.setting().name());
        return new SetupException(ExitCode.USAGE, pooled.setting().name() + " (" + pooled.hostAndPort() + ") goes through a connection pooler"
                + (direct ? " too" : " (PgBouncer or a provider's pooled port)") + ": " + step + " needs one PostgreSQL session from start to end "
                + "(Flyway's lock, the copy's lock and settings), which a pooler does not keep between transactions; nothing was changed",
                direct ? "point DIRECT_URL (or --direct-url) at the server itself, not at the pooler's port"
                        : "give the server's own address in DIRECT_URL or --direct-url (Supabase: the \"Direct connection\" string, port 5432; "
                        + "Prisma calls it directUrl); the app's .env keeps the pooled DATABASE_URL");
    }
}
