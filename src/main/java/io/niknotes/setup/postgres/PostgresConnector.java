package io.niknotes.setup.postgres;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * Opens PostgreSQL connections with a bounded timeout and turns driver errors into {@link SetupException}s
 * that name the user, the server, the reason and the fix. Credentials travel as properties, never in the URL.
 */
public final class PostgresConnector {
    public static final String APPLICATION_NAME = "niknotes-setup";
    /** Asks the person at the terminal for a password; returns empty when nobody can be asked. */
    @FunctionalInterface
    public interface PasswordPrompt {
        java.util.Optional<String> ask(String question);

        PasswordPrompt NONE = question -> java.util.Optional.empty();
    }

    private final Duration timeout;
    private final PasswordPrompt prompt;

    public PostgresConnector(Duration timeout) {
        this(timeout, PasswordPrompt.NONE);
    }

    /** With a prompt: like psql, a server that asks for a password nobody configured gets one asked for, once. */
    public PostgresConnector(Duration timeout, PasswordPrompt prompt) {
        this.timeout = timeout;
        this.prompt = prompt;
    }

    public Duration timeout() {
        return timeout;
    }

    public Connection open(DatabaseUrl url) {
        return open(url, "DATABASE_URL");
    }

    /** @param setting the setting that names this connection, for the fix ("DATABASE_URL", "NIKNOTES_ADMIN_URL") */
    public Connection open(DatabaseUrl url, String setting) {
        try {
            return connect(url, setting);
        } catch (SetupException e) {
            if (e.exitCode() != ExitCode.AUTH_FAILED || url.hasPassword()) throw e;
            var typed = prompt.ask("Password for " + url.user() + " at " + url.hostAndPort() + ": ");
            if (typed.isEmpty()) throw e;
            return connect(url.withPassword(typed.get()), setting);
        }
    }

    private Connection connect(DatabaseUrl url, String setting) {
        Properties props = new Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        int seconds = (int) Math.max(1, timeout.toSeconds());
        props.setProperty("connectTimeout", Integer.toString(seconds));
        props.setProperty("loginTimeout", Integer.toString(seconds));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("tcpKeepAlive", "true");
        try {
            return DriverManager.getConnection(url.jdbcUrl(), props);
        } catch (SQLException e) {
            throw classify(e, url, setting);
        }
    }

    public static SetupException classify(SQLException e, DatabaseUrl url, String setting) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String who = "user " + url.user() + " at " + url.hostAndPort();
        Throwable root = rootCause(e);
        if (state.equals("28P01") || msg.contains("password authentication failed")) {
            return new SetupException(ExitCode.AUTH_FAILED, "password authentication failed for " + who,
                    "set the right password in " + setting + " (or a password file / ~/.pgpass)"
                            + ("DATABASE_URL".equals(setting) ? ", or run `niknotes-setup init` to create the user" : ""), e);
        }
        if (msg.contains("no password was provided") || msg.contains("password was not provided")) {
            return new SetupException(ExitCode.AUTH_FAILED, "the server asks " + who + " for a password and none was given",
                    "put the password in " + setting + ", PGPASSWORD/NIKNOTES_DB_PASSWORD, ~/.pgpass or a password file", e);
        }
        if (msg.contains("does not support SSL")) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "PostgreSQL at " + url.hostAndPort() + " does not support SSL, but "
                    + setting + " asks for it (sslmode=" + url.params().getOrDefault("sslmode", "require") + ")",
                    "drop sslmode from " + setting + ", or enable SSL on the server (ssl = on, ssl_cert_file, ssl_key_file)", e);
        }
        if (isCertificateProblem(e, msg)) {
            String why = msg.contains("hostnameverifier") ? "it does not name the host " + url.host()
                    : msg.contains("PKIX") || root instanceof GeneralSecurityException
                    ? "it is not signed by the CA in sslrootcert" + (url.params().containsKey("sslrootcert") ? "" : " (default ~/.postgresql/root.crt)")
                    : SetupException.firstLine(msg);
            return new SetupException(ExitCode.CANNOT_CONNECT, "the SSL certificate of PostgreSQL at " + url.hostAndPort()
                    + " could not be verified: " + why,
                    "point sslrootcert=/path/to/ca.crt in " + setting + " at the CA that signed the server's certificate "
                            + "and connect by the name the certificate holds, or use sslmode=require to encrypt without verifying", e);
        }
        if (state.equals("28000") && msg.contains("no encryption")) {
            return new SetupException(ExitCode.AUTH_FAILED, "the server refused " + who + " without SSL: " + SetupException.firstLine(msg),
                    "add ?sslmode=require to " + setting + " (the server's pg_hba.conf only accepts SSL connections)", e);
        }
        if (state.equals("28000")) {
            return new SetupException(ExitCode.AUTH_FAILED, "the server refused " + who + ": " + SetupException.firstLine(msg),
                    "check the user name in " + setting + " and the server's pg_hba.conf", e);
        }
        if (state.equals("3D000")) {
            return new SetupException(ExitCode.FAILED, "database " + url.database() + " does not exist at " + url.hostAndPort(),
                    "run `niknotes-setup init` to create it, or fix the database name in " + setting, e);
        }
        if (root instanceof UnknownHostException) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "unknown host '" + url.host() + "' for PostgreSQL",
                    "check the host name in " + setting, e);
        }
        if (root instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("timed out")) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "no answer from PostgreSQL at " + url.hostAndPort() + " within "
                    + "the connect timeout", "check that the server runs and that a firewall lets port " + url.port()
                    + " through, or raise --connect-timeout", e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException || state.startsWith("08")) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "cannot connect to PostgreSQL at " + url.hostAndPort()
                    + ": " + (root instanceof ConnectException ? "connection refused" : SetupException.firstLine(msg)),
                    "start PostgreSQL (or `install.sh --with-services`), or fix the host and port in " + setting, e);
        }
        return new SetupException(ExitCode.FAILED, "PostgreSQL error for " + who + ": " + SetupException.firstLine(msg)
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), null, e);
    }

    /** A server certificate that is not trusted or does not name the host (pgjdbc wraps the JSSE error). */
    private static boolean isCertificateProblem(Throwable e, String msg) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) return true;
        }
        return msg.contains("could not be verified by hostnameverifier") || msg.contains("SSL root certificate file");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r;
    }
}
