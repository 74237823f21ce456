package io.niknotes.setup.support;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Redis that only speaks TLS (the embedded redis-server is built with OpenSSL: {@code port 0}, {@code tls-port}),
 * with a certificate from a fresh {@link TestTls} CA and {@code requirepass}. Clients need no certificate of their own.
 * One per test class that starts it; {@link #stop()} it in {@code @AfterAll}.
 */
public final class TlsRedis {
    public static final String PASSWORD = "redis-tls-s3cret-" + Long.toHexString(System.nanoTime());

    private final TestTls tls;
    private final RedisServer server;
    private final int port;

    private TlsRedis(TestTls tls, RedisServer server, int port) {
        this.tls = tls;
        this.server = server;
        this.port = port;
    }

    /** With a certificate for localhost and 127.0.0.1. */
    public static TlsRedis start() throws IOException {
        return start(List.of("localhost", "127.0.0.1"));
    }

    /** With a certificate for exactly these names (to see a name mismatch). */
    public static TlsRedis start(List<String> certificateNames) throws IOException {
        TestTls tls = TestTls.create(Files.createTempDirectory("niknotes-test-redis-tls"), certificateNames);
        int port = TestServers.freePort();
        RedisServer server = RedisServer.newRedisServer().port(0).bind("127.0.0.1")
                .setting("tls-port " + port)
                .setting("tls-cert-file " + tls.serverCert())
                .setting("tls-key-file " + tls.serverKey())
                .setting("tls-auth-clients no")
                .setting("requirepass " + PASSWORD)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return new TlsRedis(tls, server, port);
    }

    public void stop() throws IOException {
        server.stop();
        tls.delete();
    }

    public TestTls tls() {
        return tls;
    }

    public int port() {
        return port;
    }

    /** {@code rediss://:PASSWORD@127.0.0.1:PORT/0} */
    public String url() {
        return "rediss://:" + PASSWORD + "@127.0.0.1:" + port + "/0";
    }

    public Path trustStore() {
        return tls.trustStore();
    }
}
