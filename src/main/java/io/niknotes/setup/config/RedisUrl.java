package io.niknotes.setup.config;

import io.niknotes.setup.SetupException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A Redis location: {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://} for TLS.
 * {@link #toString()} is redacted. It carries the {@link Setting} it came from (REDIS_URL, or the private cluster's).
 */
public record RedisUrl(boolean tls, String user, String password, String host, int port, int database, Setting setting) {
    public static final int DEFAULT_PORT = 6379;

    public RedisUrl {
        if (setting == null) throw new IllegalArgumentException("a RedisUrl names its setting");
    }

    public static RedisUrl parse(String raw, String what) {
        return parse(raw, Setting.named(what));
    }

    public static RedisUrl parse(String raw, Setting setting) {
        String what = setting.name();
        if (raw == null || raw.isBlank()) {
            throw SetupException.usage(what + " is empty", "give a URL like redis://localhost:6379/0");
        }
        String s = raw.strip();
        boolean tls;
        if (s.startsWith("redis://")) {
            tls = false;
            s = s.substring("redis://".length());
        } else if (s.startsWith("rediss://")) {
            tls = true;
            s = s.substring("rediss://".length());
        } else {
            throw SetupException.usage(what + " is not a Redis URL", "use redis://HOST:6379/0 (or rediss:// for TLS)");
        }
        int q = s.indexOf('?');
        if (q >= 0) s = s.substring(0, q);
        String user = null;
        String password = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            String info = s.substring(0, at);
            s = s.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info); // redis://secret@host: a bare userinfo is the password, as redis-py reads it
            } else {
                user = decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int db = 0;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String d = s.substring(slash + 1);
            s = s.substring(0, slash);
            if (!d.isEmpty()) {
                try {
                    db = Integer.parseInt(d);
                } catch (NumberFormatException e) {
                    throw SetupException.usage(what + " has an invalid database number", "write /0 … /15 after the host");
                }
            }
        }
        int port = DEFAULT_PORT;
        String host = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && !s.endsWith("]")) {
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw SetupException.usage(what + " has an invalid port", "use a port number, e.g. :6379");
            }
            host = s.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isEmpty()) host = "localhost";
        return new RedisUrl(tls, user == null || user.isEmpty() ? null : user,
                password == null || password.isEmpty() ? null : password, host, port, db, setting);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public RedisUrl withPassword(String newPassword) {
        return new RedisUrl(tls, user, newPassword, host, port, database, setting);
    }

    /** Another node of the same server (a cluster's), database 0. */
    public RedisUrl at(String otherHost, int otherPort) {
        return new RedisUrl(tls, user, password, otherHost, otherPort, 0, setting);
    }

    /** The same location, named by another setting (the private cluster's Redis). */
    public RedisUrl as(Setting newSetting) {
        return new RedisUrl(tls, user, password, host, port, database, newSetting);
    }

    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public String redacted() {
        String auth = password == null ? (user == null ? "" : user + "@") : (user == null ? "" : user) + ":***@";
        return (tls ? "rediss://" : "redis://") + auth + hostAndPort() + "/" + database;
    }

    /** With the password, for writing the app's {@code .env}. */
    public String urlWithSecret() {
        String auth = password == null ? "" : (user == null ? "" : user) + ":" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return (tls ? "rediss://" : "redis://") + auth + hostAndPort() + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
