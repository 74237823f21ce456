package io.niknotes.setup.postgres;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.CredentialSources;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.PasswordPrompt;
import io.niknotes.setup.config.Setting;
import io.niknotes.setup.config.Settings;
import org.postgresql.PGConnection;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Opens PostgreSQL connections with a bounded timeout and turns driver errors into {@link SetupException}s
 * that name the user, the server, the reason and the fix. Credentials travel as properties, never in the URL.
 */
public final class PostgresConnector {
    public static final String APPLICATION_NAME = "niknotes-setup";

    private final Duration timeout;
    private final PasswordPrompt prompt;
    private final CredentialSources sources;
    private final DatabaseUrl admin;
    /** Passwords typed at the prompt in this run, by user@host:port: asked once, like psql. */
    private final Map<String, String> typed = new ConcurrentHashMap<>();
    /** Whether a user@host:port/database goes through a pooler ({@link Pooler}), found on its first connection. */
    private final Map<String, Boolean> pooled = new ConcurrentHashMap<>();

    /** Without a prompt: a server that asks for a password nobody configured is an error. */
    public PostgresConnector(Duration timeout) {
        this(timeout, PasswordPrompt.NONE, CredentialSources.UNKNOWN, null);
    }

    /**
     * @param prompt  asks for a password a server wants and nobody configured (like psql), or says nobody can be asked
     * @param sources where this run looked for passwords: named in the error when none was found
     * @param admin   the administrator's URL, to tell a missing app role from a wrong password (null: cannot tell)
     */
    public PostgresConnector(Duration timeout, PasswordPrompt prompt, CredentialSources sources, DatabaseUrl admin) {
        this.timeout = timeout;
        this.prompt = prompt;
        this.sources = sources;
        this.admin = admin;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A connection as {@code url} says; a password the server wants and nobody configured is asked for once. */
    public Connection open(DatabaseUrl url) {
        DatabaseUrl known = withTypedPassword(url);
        try {
            return connect(known);
        } catch (SetupException e) {
            if (known.hasPassword() && refused(e)) throw whyRefused(e, known);
            if (known.hasPassword() || !wantsPassword(e)) throw e;
            return connect(asked(url));
        }
    }

    private static boolean refused(SetupException e) {
        return e.exitCode() == ExitCode.AUTH_FAILED && e.getMessage().startsWith("password authentication failed");
    }

    /**
     * PostgreSQL answers a wrong password and a role that does not exist alike; the administrator's connection tells
     * them apart (when it has a password of its own: nobody is asked for one just for this).
     */
    private SetupException whyRefused(SetupException e, DatabaseUrl url) {
        if (admin == null || !admin.hasPassword() || !url.setting().name().equals(Setting.APP.name())) return e;
        Boolean exists;
        try (Connection c = connect(admin); var ps = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            ps.setString(1, url.user());
            try (var rs = ps.executeQuery()) {
                exists = rs.next();
            }
        } catch (SQLException | SetupException notAnswered) {
            exists = null;
        }
        if (exists == null) return e;
        if (!exists) {
            return new SetupException(ExitCode.AUTH_FAILED, e.getMessage() + ": the role " + url.user() + " does not exist there",
                    "run `niknotes-setup init` to create it, or fix the user in " + url.setting().name(), e.getCause());
        }
        return new SetupException(ExitCode.AUTH_FAILED, e.getMessage() + ": the role exists, so the password is wrong",
                "set the right password in " + url.setting().name() + ", " + url.setting().passwordVariable() + " or "
                        + url.setting().passwordFileFlag() + ", or give the role a new one with `niknotes-setup init --reset-password`",
                e.getCause());
    }

    /**
     * The URL with the password this run logs in with (tried once): the configured one, else the one typed at the
     * prompt (asked once per run), for callers that hand the URL to another library (Flyway). A server that wants no
     * password (trust, peer) gets the URL unchanged.
     */
    public DatabaseUrl authenticated(DatabaseUrl url) {
        DatabaseUrl known = withTypedPassword(url);
        try {
            connect(known).close();
            return known;
        } catch (SQLException e) {
            return known; // closing failed: the login itself worked
        } catch (SetupException e) {
            if (known.hasPassword() && refused(e)) throw whyRefused(e, known);
            if (known.hasPassword() || !wantsPassword(e)) throw e;
            return asked(url);
        }
    }

    /** True when {@code url} goes through a connection pooler; the first time, a connection finds out. */
    public boolean pooled(DatabaseUrl url) {
        Boolean known = pooled.get(target(url));
        if (known != null) return known;
        try (Connection c = open(url)) {
            return pooled.getOrDefault(target(url), false);
        } catch (SQLException e) {
            return pooled.getOrDefault(target(url), false); // closing failed: the probe itself was done
        }
    }

    /**
     * Where a step that needs one session from start to end (migrations under Flyway's lock, the copy) connects:
     * DIRECT_URL when given, else DATABASE_URL, and neither through a pooler; refused before anything is changed.
     */
    public DatabaseUrl forSession(Settings settings, String step) {
        DatabaseUrl session = settings.session();
        if (pooled(session)) throw Pooler.needsSession(session, step);
        return session;
    }

    /**
     * PgBouncer's admin console on the pooler {@code url} goes through, logged in as its user with the password this run
     * logs in with (never asked for just for this): see {@link PoolerConsole}.
     */
    public PoolerConsole poolerConsole(DatabaseUrl url) throws PoolerConsole.Unavailable {
        return PoolerConsole.open(withTypedPassword(url), timeout);
    }

    private static String target(DatabaseUrl url) {
        return key(url) + "/" + url.database();
    }

    private DatabaseUrl asked(DatabaseUrl url) {
        String answer = prompt.ask("Password for " + url.user() + " at " + url.hostAndPort() + ": ")
                .filter(p -> !p.isEmpty()).orElseThrow(() -> missingPassword(url));
        typed.put(key(url), answer);
        return url.withPassword(answer);
    }

    /** The one error for a login that needs a password nobody gave and nobody can be asked for. */
    public SetupException missingPassword(DatabaseUrl url) {
        return new SetupException(ExitCode.AUTH_FAILED, "no password for " + url.setting().who() + " " + url.user() + " at "
                + url.hostAndPort() + ": the server asks for one and none was given", sources.where(url.setting()));
    }

    private DatabaseUrl withTypedPassword(DatabaseUrl url) {
        String t = url.hasPassword() ? null : typed.get(key(url));
        return t == null ? url : url.withPassword(t);
    }

    private static String key(DatabaseUrl url) {
        return url.user() + "@" + url.hostAndPort();
    }

    private static boolean wantsPassword(SetupException e) {
        return e.exitCode() == ExitCode.AUTH_FAILED && e.getMessage().contains("none was given");
    }

    private Connection connect(DatabaseUrl url) {
        Properties props = new Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        int seconds = (int) Math.max(1, timeout.toSeconds());
        props.setProperty("connectTimeout", Integer.toString(seconds));
        props.setProperty("loginTimeout", Integer.toString(seconds));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("tcpKeepAlive", "true");
        Boolean throughPooler = pooled.get(target(url));
        // a server-side prepared statement lives in one backend; through a pooler the next transaction may be another
        if (Boolean.TRUE.equals(throughPooler)) props.setProperty("prepareThreshold", "0");
        Connection c = null;
        try {
            c = DriverManager.getConnection(url.jdbcUrl(), props);
            if (throughPooler == null) {
                boolean between = Pooler.between(c);
                if (between) c.unwrap(PGConnection.class).setPrepareThreshold(0);
                pooled.put(target(url), between);
            }
            return c;
        } catch (SQLException e) {
            if (c != null) closeQuietly(c);
            throw classify(e, url);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the error that made us close it is the one reported
        }
    }

    /** A driver error as what happened, why and the fix, naming the setting the URL came from. */
    public static SetupException classify(SQLException e, DatabaseUrl url) {
        String setting = url.setting().name();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String who = "user " + url.user() + " at " + url.hostAndPort();
        Throwable root = rootCause(e);
        if (state.equals("28P01") || msg.contains("password authentication failed")) {
            return new SetupException(ExitCode.AUTH_FAILED, "password authentication failed for " + who,
                    "set the right password in " + setting + " (or a password file / ~/.pgpass)"
                            + ("DATABASE_URL".equals(setting) ? "; if the role does not exist yet, `niknotes-setup init` creates it" : ""), e);
        }
        if (msg.contains("no password was provided") || msg.contains("password was not provided")) {
            return new SetupException(ExitCode.AUTH_FAILED, "no password for " + url.setting().who() + " " + url.user() + " at "
                    + url.hostAndPort() + ": the server asks for one and none was given", CredentialSources.UNKNOWN.where(url.setting()), e);
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
                    url.setting().start() + ", or fix the host and port in " + setting, e);
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
