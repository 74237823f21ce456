package io.niknotes.setup.postgres;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import io.niknotes.setup.config.DatabaseUrl;
import org.postgresql.ssl.LibPQFactory;
import org.postgresql.ssl.PGjdbcHostnameVerifier;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLSocket;

/**
 * PgBouncer's admin console: the virtual database {@code pgbouncer} on the pooler's port, where {@code SHOW POOLS} and
 * {@code SHOW STATS} answer to the users in its {@code stats_users} or {@code admin_users}.
 *
 * <p>pgjdbc cannot talk to it: the console announces PgBouncer's own version as {@code server_version} (1.x), so
 * pgjdbc sends {@code SET extra_float_digits} after the login, which the console refuses ("admin access needed" for a
 * stats user, "SET failed" for an admin), whatever {@code preferQueryMode} or {@code assumeMinServerVersion} say (tried
 * with pgjdbc 42.7.14 and PgBouncer 1.18). So this speaks the protocol's few messages itself: the startup message, the
 * login (SCRAM-SHA-256 through the SCRAM client pgjdbc itself uses, md5, cleartext), simple queries whose answers are
 * text, and TLS as the URL's {@code sslmode} asks (pgjdbc's own {@link LibPQFactory}, so sslrootcert, sslcert and
 * sslmode mean what they mean for every other connection). Read only; prints nothing. Its errors carry the console's
 * words and never the password.
 */
public final class PoolerConsole implements AutoCloseable {
    public static final String DATABASE = "pgbouncer";
    private static final int PROTOCOL_3 = 196608;
    private static final int SSL_REQUEST = 80877103;
    /**
     * How long the console may take to answer the startup message. PgBouncer answers at once a user it knows; one it
     * would look up with auth_query it never answers on the console (1.18: the login hangs), so waiting longer only
     * delays the report.
     */
    static final int LOGIN_ANSWER_MILLIS = 2000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    /** The console could not be read: {@code refused} when it answered and said no (a user, a password, a command). */
    public static final class Unavailable extends Exception {
        private final boolean refused;

        Unavailable(String message, boolean refused, Throwable cause) {
            super(message, cause);
            this.refused = refused;
        }

        public boolean refused() {
            return refused;
        }
    }

    private PoolerConsole(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Logs in to the console at {@code url}'s host and port as its user, with its password and TLS parameters. */
    public static PoolerConsole open(DatabaseUrl url, Duration timeout) throws Unavailable {
        int millis = (int) Math.max(1000, timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(url.host(), url.port()), millis);
            socket.setSoTimeout(millis);
            PoolerConsole console = new PoolerConsole(tls(socket, url));
            int loginMillis = Math.min(millis, LOGIN_ANSWER_MILLIS);
            socket.setSoTimeout(loginMillis);
            try {
                console.login(url);
            } catch (SocketTimeoutException e) {
                throw new Unavailable("no answer to the login of " + url.user() + " within " + loginMillis / 1000.0
                        + " s (PgBouncer's console does not answer a user missing from its auth_file)", true, e);
            }
            socket.setSoTimeout(millis);
            return console;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new Unavailable("no answer from " + url.hostAndPort() + ": " + e.getMessage(), false, e);
        } catch (Unavailable e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** One command's rows, column name to text (null for SQL NULL), in the console's order. */
    public List<Map<String, String>> query(String command) throws Unavailable {
        try {
            send('Q', cstring(command));
            List<String> columns = List.of();
            List<Map<String, String>> rows = new ArrayList<>();
            Unavailable error = null;
            while (true) {
                Message m = receive();
                switch (m.type) {
                    case 'T' -> columns = columns(m.body);
                    case 'D' -> rows.add(row(columns, m.body));
                    case 'E' -> error = new Unavailable(errorText(m.body), true, null);
                    case 'Z' -> {
                        if (error != null) throw error;
                        return Collections.unmodifiableList(rows);
                    }
                    default -> { } // CommandComplete, notices, parameter changes
                }
            }
        } catch (IOException e) {
            throw new Unavailable("the console stopped answering " + command + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public void close() {
        try {
            send('X', new byte[0]);
        } catch (IOException ignored) {
            // going away anyway
        }
        closeQuietly(socket);
    }

    /** TLS as sslmode says: disable: never; allow/prefer (and no sslmode): when offered; require and verify-*: or fail. */
    private static Socket tls(Socket socket, DatabaseUrl url) throws IOException, Unavailable {
        String mode = url.params().getOrDefault("sslmode", "prefer");
        if (mode.equals("disable")) return socket;
        DataOutputStream o = new DataOutputStream(socket.getOutputStream());
        o.writeInt(8);
        o.writeInt(SSL_REQUEST);
        o.flush();
        int answer = socket.getInputStream().read();
        boolean required = !mode.equals("allow") && !mode.equals("prefer");
        if (answer != 'S') {
            if (answer == 'N' && !required) return socket;
            throw new Unavailable("the console at " + url.hostAndPort() + " does not speak TLS, which sslmode=" + mode + " requires", false, null);
        }
        Properties props = new Properties();
        url.params().forEach((k, v) -> {
            if (k.startsWith("ssl")) props.setProperty(k, v);
        });
        props.setProperty("sslmode", mode);
        try {
            SSLSocket ssl = (SSLSocket) new LibPQFactory(props).createSocket(socket, url.host(), url.port(), true);
            ssl.startHandshake();
            if (mode.equals("verify-full") && !PGjdbcHostnameVerifier.INSTANCE.verify(url.host(), ssl.getSession())) {
                closeQuietly(ssl);
                throw new Unavailable("the console's TLS certificate does not name the host " + url.host(), false, null);
            }
            return ssl;
        } catch (SQLException e) {
            throw new Unavailable("TLS to the console at " + url.hostAndPort() + ": " + e.getMessage(), false, e);
        }
    }

    private void login(DatabaseUrl url) throws IOException, Unavailable {
        ByteArrayOutputStream startup = new ByteArrayOutputStream();
        for (String s : List.of("user", url.user() == null ? "" : url.user(), "database", DATABASE,
                "application_name", PostgresConnector.APPLICATION_NAME)) {
            startup.writeBytes(cstring(s));
        }
        startup.write(0);
        byte[] body = startup.toByteArray();
        out.writeInt(8 + body.length);
        out.writeInt(PROTOCOL_3);
        out.write(body);
        out.flush();
        ScramClient scram = null;
        while (true) {
            Message m = receive();
            switch (m.type) {
                case 'E' -> throw new Unavailable(errorText(m.body), true, null);
                case 'Z' -> {
                    return;
                }
                case 'R' -> scram = authenticate(url, m.body, scram);
                default -> { } // ParameterStatus, BackendKeyData, notices
            }
        }
    }

    /** One authentication request: answers it, and returns the SCRAM exchange in progress (or null). */
    private ScramClient authenticate(DatabaseUrl url, byte[] body, ScramClient scram) throws IOException, Unavailable {
        int code = readInt(body, 0);
        if (code == 0) return null;
        String password = url.password();
        if (password == null) {
            throw new Unavailable("the console asks " + url.user() + " for a password and " + url.setting().name() + " has none", true, null);
        }
        if ((code == 11 || code == 12) && scram == null) {
            throw new Unavailable("the console continued a SCRAM login that was never started", true, null);
        }
        try {
            switch (code) {
                case 3 -> send('p', cstring(password));
                case 5 -> {
                    String inner = md5Hex((password + url.user()).getBytes(StandardCharsets.UTF_8));
                    byte[] salted = new byte[inner.length() + 4];
                    System.arraycopy(inner.getBytes(StandardCharsets.US_ASCII), 0, salted, 0, inner.length());
                    System.arraycopy(body, 4, salted, inner.length(), 4);
                    send('p', cstring("md5" + md5Hex(salted)));
                }
                case 10 -> {
                    List<String> mechanisms = cstrings(body, 4).stream().filter(n -> !n.endsWith("-PLUS")).toList();
                    ScramClient client = ScramClient.builder().advertisedMechanisms(mechanisms).username("*")
                            .password(password.toCharArray()).stringPreparation(StringPreparation.POSTGRESQL_PREPARATION).build();
                    byte[] name = cstring(client.getScramMechanism().getName());
                    byte[] first = client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.writeBytes(name);
                    new DataOutputStream(b).writeInt(first.length);
                    b.writeBytes(first);
                    send('p', b.toByteArray());
                    return client;
                }
                case 11 -> {
                    scram.serverFirstMessage(new String(body, 4, body.length - 4, StandardCharsets.UTF_8));
                    send('p', scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
                    return scram;
                }
                case 12 -> scram.serverFinalMessage(new String(body, 4, body.length - 4, StandardCharsets.UTF_8));
                default -> throw new Unavailable("the console asks for a login this tool does not speak (authentication request "
                        + code + ")", true, null);
            }
        } catch (ScramException | IllegalArgumentException | IllegalStateException e) {
            throw new Unavailable("SCRAM login to the console failed: " + e.getMessage(), true, e);
        }
        return scram;
    }

    private record Message(char type, byte[] body) {
    }

    private Message receive() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("the console closed the connection");
        int length = in.readInt();
        if (length < 4 || length > 64 * 1024 * 1024) throw new IOException("not a PostgreSQL protocol message (length " + length + ")");
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    private void send(char type, byte[] body) throws IOException {
        out.write(type);
        out.writeInt(4 + body.length);
        out.write(body);
        out.flush();
    }

    private static List<String> columns(byte[] body) {
        int n = readShort(body, 0);
        List<String> names = new ArrayList<>(n);
        int at = 2;
        for (int i = 0; i < n; i++) {
            int end = nul(body, at);
            names.add(new String(body, at, end - at, StandardCharsets.UTF_8));
            at = end + 1 + 18; // table oid, column number, type oid, type size, type modifier, format
        }
        return names;
    }

    private static Map<String, String> row(List<String> columns, byte[] body) {
        int n = readShort(body, 0);
        Map<String, String> row = new LinkedHashMap<>();
        int at = 2;
        for (int i = 0; i < n; i++) {
            int length = readInt(body, at);
            at += 4;
            String name = i < columns.size() ? columns.get(i) : "column" + (i + 1);
            row.put(name, length < 0 ? null : new String(body, at, length, StandardCharsets.UTF_8));
            at += Math.max(0, length);
        }
        return row;
    }

    /** An ErrorResponse as its message (and SQLSTATE): the console's own words, which never hold a password. */
    private static String errorText(byte[] body) {
        String message = null;
        String state = null;
        int at = 0;
        while (at < body.length && body[at] != 0) {
            char field = (char) body[at];
            int end = nul(body, at + 1);
            String value = new String(body, at + 1, end - at - 1, StandardCharsets.UTF_8);
            if (field == 'M') message = value;
            if (field == 'C') state = value;
            at = end + 1;
        }
        return (message == null ? "refused" : message) + (state == null ? "" : " (SQLSTATE " + state + ")");
    }

    private static List<String> cstrings(byte[] body, int from) {
        List<String> out = new ArrayList<>();
        int at = from;
        while (at < body.length && body[at] != 0) {
            int end = nul(body, at);
            out.add(new String(body, at, end - at, StandardCharsets.UTF_8));
            at = end + 1;
        }
        return out;
    }

    private static int nul(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != 0) i++;
        return i;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static int readShort(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static byte[] cstring(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to report: the console is given up
        }
    }
}
