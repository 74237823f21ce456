package io.niknotes.setup.support;

import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A real Redis on a free port with {@code requirepass} {@link TestServers#REDIS_PASSWORD}, nothing saved to disk. The
 * suite's shared one lives in {@link TestServers}; a test that changes server-wide state (CONFIG RESETSTAT, the hit
 * rate) starts its own, so that no other test sees it, whatever the order.
 */
public final class OwnRedis implements AutoCloseable {
    /** Enough for one database per test that counts keys. */
    public static final int DATABASES = 64;

    private final RedisServer server;
    private final int port;

    private OwnRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static OwnRedis start() {
        int port = TestServers.freePort();
        try {
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("requirepass " + TestServers.REDIS_PASSWORD)
                    .setting("databases " + DATABASES)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new OwnRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url(int database) {
        return "redis://:" + TestServers.REDIS_PASSWORD + "@127.0.0.1:" + port + "/" + database;
    }

    /** A client, authenticated, on {@code database}. */
    public Jedis client(int database) {
        Jedis j = new Jedis("127.0.0.1", port);
        j.auth(TestServers.REDIS_PASSWORD);
        j.select(database);
        return j;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
