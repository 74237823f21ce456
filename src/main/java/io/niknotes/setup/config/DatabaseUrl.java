package io.niknotes.setup.config;

import io.niknotes.setup.SetupException;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A PostgreSQL location in any of the forms the app and its users write: {@code postgresql://},
 * {@code postgres://}, SQLAlchemy's {@code postgresql+psycopg2://} and JDBC's {@code jdbc:postgresql://}.
 * {@link #toString()} is redacted; the password only leaves through {@link #password()}. It carries the
 * {@link Setting} it came from, so that a message about the connection names DATABASE_URL or NIKNOTES_ADMIN_URL.
 */
public record DatabaseUrl(String user, String password, String host, int port, String database,
                          Map<String, String> params, Setting setting) {
    public static final int DEFAULT_PORT = 5432;

    public DatabaseUrl {
        params = Map.copyOf(params == null ? Map.of() : params);
        if (setting == null) throw new IllegalArgumentException("a DatabaseUrl names its setting");
    }

    public static DatabaseUrl parse(String raw, String what) {
        return parse(raw, Setting.named(what));
    }

    /**
     * @param setting names the value in error messages ("DATABASE_URL", "--admin-url"); the raw text is never
     *             echoed because it may hold a password
     */
    public static DatabaseUrl parse(String raw, Setting setting) {
        String what = setting.name();
        if (raw == null || raw.isBlank()) {
            throw SetupException.usage(what + " is empty", "give a URL like postgresql://niknotes_user@localhost:5432/niknotes_db");
        }
        String s = raw.strip();
        String rest;
        boolean jdbc = false;
        if (s.startsWith("jdbc:postgresql://")) {
            rest = s.substring("jdbc:postgresql://".length());
            jdbc = true;
        } else {
            int sep = s.indexOf("://");
            String scheme = sep < 0 ? "" : s.substring(0, sep);
            if (!(scheme.equals("postgresql") || scheme.equals("postgres") || scheme.startsWith("postgresql+"))) {
                throw SetupException.usage(what + " is not a PostgreSQL URL (scheme '" + redactedScheme(scheme) + "')",
                        "use postgresql://USER:PASSWORD@HOST:5432/DB (the app's form) or jdbc:postgresql://HOST:5432/DB");
            }
            rest = s.substring(sep + 3);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw SetupException.usage(what + " has an unclosed IPv6 address", "write the host as [::1]");
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) port = parsePort(after.substring(1), what);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                port = parsePort(rest.substring(colon + 1), what);
                rest = rest.substring(0, colon);
            }
            host = rest;
        }
        if (host.isEmpty()) host = "localhost";
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) password = decode(userInfo.substring(colon + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(k, v);
        }
        if (jdbc || params.containsKey("user")) {
            if (params.containsKey("user")) user = params.remove("user");
            if (params.containsKey("password")) password = params.remove("password");
        }
        String database = decode(path);
        if (user != null && user.isEmpty()) user = null;
        if (password != null && password.isEmpty()) password = null;
        return new DatabaseUrl(user, password, host, port, database.isEmpty() ? null : database, params, setting);
    }

    private static String redactedScheme(String scheme) {
        return scheme.length() > 20 || scheme.contains("@") ? "…" : scheme;
    }

    private static int parsePort(String s, String what) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw SetupException.usage(what + " has an invalid port '" + (s.length() > 8 ? s.substring(0, 8) + "…" : s) + "'",
                    "use a port number between 1 and 65535, e.g. :5432");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public DatabaseUrl withUser(String newUser) {
        return new DatabaseUrl(newUser, password, host, port, database, params, setting);
    }

    public DatabaseUrl withPassword(String newPassword) {
        return new DatabaseUrl(user, newPassword, host, port, database, params, setting);
    }

    public DatabaseUrl withDatabase(String newDatabase) {
        return new DatabaseUrl(user, password, host, port, newDatabase, params, setting);
    }

    /** The same location, named by another setting (the app's URL derived from the administrator's). */
    public DatabaseUrl as(Setting newSetting) {
        return new DatabaseUrl(user, password, host, port, database, params, newSetting);
    }

    /** Another server's host, port and TLS parameters (ssl, sslmode, sslrootcert, …) with this URL's user and database. */
    public DatabaseUrl at(DatabaseUrl server) {
        Map<String, String> merged = new LinkedHashMap<>(params);
        merged.keySet().removeIf(DatabaseUrl::isTls);
        server.params.forEach((k, v) -> {
            if (isTls(k)) merged.put(k, v);
        });
        return new DatabaseUrl(user, password, server.host, server.port, database, merged, setting);
    }

    private static boolean isTls(String param) {
        return param.startsWith("ssl");
    }

    public boolean hasPassword() {
        return password != null;
    }

    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** JDBC URL without credentials (they travel as connection properties, never inside the URL). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostAndPort() + "/" + encode(database == null ? "postgres" : database) + query();
    }

    /** The URL in the app's own form, password included: only for writing the app's {@code .env}. */
    public String appUrlWithSecret() {
        return "postgresql://" + (user == null ? "" : encode(user) + (password == null ? "" : ":" + encode(password)) + "@")
                + hostAndPort() + "/" + (database == null ? "" : encode(database)) + query();
    }

    /** The URL in the app's form with the password masked: safe to print. */
    public String redacted() {
        return "postgresql://" + (user == null ? "" : encode(user) + (password == null ? "" : ":***") + "@")
                + hostAndPort() + "/" + (database == null ? "" : encode(database)) + query();
    }

    private String query() {
        String q = params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
