package io.niknotes.setup.redis;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.CredentialSources;
import io.niknotes.setup.config.PasswordPrompt;
import io.niknotes.setup.config.RedisUrl;
import io.niknotes.setup.config.Setting;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/** Opens a Redis connection (authenticated, pinged) within a bounded timeout, or explains why it could not. */
public final class RedisConnector {
    private final Duration timeout;
    private final PasswordPrompt prompt;
    private final CredentialSources sources;
    private final AtomicReference<String> typed = new AtomicReference<>();

    public RedisConnector(Duration timeout) {
        this(timeout, PasswordPrompt.NONE, CredentialSources.UNKNOWN);
    }

    /** Like the PostgreSQL connector: a password the server wants and nobody configured is asked for once, or named. */
    public RedisConnector(Duration timeout, PasswordPrompt prompt, CredentialSources sources) {
        this.timeout = timeout;
        this.prompt = prompt;
        this.sources = sources;
    }

    public Jedis open(RedisUrl url) {
        RedisUrl known = url.password() == null && typed.get() != null ? url.withPassword(typed.get()) : url;
        try {
            return connect(known);
        } catch (SetupException e) {
            if (known.password() != null || e.exitCode() != ExitCode.AUTH_FAILED) throw e;
            String answer = prompt.ask("Password for Redis at " + url.hostAndPort() + ": ").filter(p -> !p.isEmpty())
                    .orElseThrow(() -> new SetupException(e.exitCode(), e.getMessage(), sources.where(Setting.REDIS)));
            typed.set(answer);
            return connect(url.withPassword(answer));
        }
    }

    private Jedis connect(RedisUrl url) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(ms).socketTimeoutMillis(ms)
                .user(url.user()).password(url.password()).database(url.database())
                .ssl(url.tls()).clientName("niknotes-setup")
                .protocol(redis.clients.jedis.RedisProtocol.RESP2) // no RESP3 auto-negotiation (and its warning on stderr)
                .build();
        Jedis jedis = null;
        try {
            jedis = new Jedis(new HostAndPort(url.host(), url.port()), config);
            jedis.ping();
            return jedis;
        } catch (JedisException e) {
            if (jedis != null) jedis.close();
            throw classify(e, url);
        }
    }

    public static SetupException classify(JedisException e, RedisUrl url) {
        String msg = String.valueOf(e.getMessage());
        String upper = msg.toUpperCase(Locale.ROOT);
        boolean authProblem = e instanceof JedisAccessControlException || upper.contains("WRONGPASS")
                || upper.contains("NOAUTH") || upper.contains("AUTH");
        if (authProblem && url.password() == null) {
            return new SetupException(ExitCode.AUTH_FAILED, "Redis at " + url.hostAndPort() + " requires a password and none was given",
                    "put the password in REDIS_URL (redis://:PASSWORD@host:6379/0) or REDIS_PASSWORD", e);
        }
        if (e instanceof JedisAccessControlException || upper.contains("WRONGPASS") || upper.contains("INVALID PASSWORD")
                || upper.contains("INVALID USERNAME-PASSWORD")) {
            return new SetupException(ExitCode.AUTH_FAILED, "Redis at " + url.hostAndPort() + " refused the password",
                    "set the right password in REDIS_URL (redis://:PASSWORD@host:6379/0) or REDIS_PASSWORD", e);
        }
        if (upper.contains("NOAUTH")) {
            return new SetupException(ExitCode.AUTH_FAILED, "Redis at " + url.hostAndPort() + " requires a password and none was given",
                    "put the password in REDIS_URL (redis://:PASSWORD@host:6379/0) or REDIS_PASSWORD", e);
        }
        // JSSE's name-mismatch messages: "No subject alternative DNS name matching …", "No name matching …"
        Throwable certificate = firstCause(e, CertificateException.class);
        if (e instanceof JedisConnectionException && certificate != null
                && String.valueOf(certificate.getMessage()).startsWith("No ") && !causedBy(e, CertPathBuilderException.class)) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "the TLS certificate of Redis at " + url.hostAndPort()
                    + " does not name the host " + url.host(),
                    "connect by a name the certificate holds (fix the host in REDIS_URL), or reissue the certificate with "
                            + url.host() + " as a subject alternative name", e);
        }
        if (e instanceof JedisConnectionException && causedBy(e, CertificateException.class,
                CertPathBuilderException.class, CertPathValidatorException.class)) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "the TLS certificate of Redis at " + url.hostAndPort()
                    + " is not trusted (not signed by a CA this Java trusts)",
                    "make Java trust the CA that signed it: NIKNOTES_JAVA_OPTS=\"-Djavax.net.ssl.trustStore=/path/to/ca.p12 "
                            + "-Djavax.net.ssl.trustStorePassword=...\" for the installed launcher "
                            + "(or the same -D options before -jar), or import the CA into the JDK's cacerts", e);
        }
        if (e instanceof JedisConnectionException && causedBy(e, SSLException.class)) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "the TLS handshake with Redis at " + url.hostAndPort() + " failed: "
                    + SetupException.firstLine(String.valueOf(firstCause(e, SSLException.class).getMessage())),
                    "use redis:// if that port does not speak TLS (rediss:// needs the server's tls-port), or fix REDIS_URL", e);
        }
        if (e instanceof JedisConnectionException && causedBy(e, UnknownHostException.class)) {
            return new SetupException(ExitCode.CANNOT_CONNECT, "unknown host '" + url.host() + "' for Redis",
                    "check the host name in REDIS_URL; the app runs without its cache meanwhile", e);
        }
        if (e instanceof JedisConnectionException) {
            String why = upper.contains("TIMED OUT") ? "no answer within the connect timeout" : "connection refused or closed";
            return new SetupException(ExitCode.CANNOT_CONNECT, "cannot connect to Redis at " + url.hostAndPort() + ": " + why,
                    url.setting().start() + ", or fix REDIS_URL" + (url.tls() ? " (redis:// if the server does not speak TLS)" : " (rediss:// if the server speaks TLS)")
                            + "; the app runs without its cache meanwhile", e);
        }
        if (e instanceof JedisDataException) {
            return new SetupException(ExitCode.FAILED, "Redis at " + url.hostAndPort() + " answered with an error: " + SetupException.firstLine(msg), null, e);
        }
        return new SetupException(ExitCode.FAILED, "Redis error at " + url.hostAndPort() + ": " + SetupException.firstLine(msg), null, e);
    }

    @SafeVarargs
    private static boolean causedBy(Throwable t, Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            if (firstCause(t, type) != null) return true;
        }
        return false;
    }

    private static Throwable firstCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) return c;
        }
        return null;
    }
}
