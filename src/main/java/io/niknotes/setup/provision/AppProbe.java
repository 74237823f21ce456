package io.niknotes.setup.provision;

import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.RedisUrl;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.postgres.UnfinishedCopy;
import io.niknotes.setup.redis.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Step 6: can the app do its job? Its own login writes and reads a row (rolled back); Redis stores and forgets a key. */
public final class AppProbe {
    private final PostgresConnector postgres;
    private final RedisConnector redis;

    public AppProbe(PostgresConnector postgres, RedisConnector redis) {
        this.postgres = postgres;
        this.redis = redis;
    }

    /** Does the copy's record say a copy from SQLite is unfinished? Then the app cannot start on this database. */
    public StepResult copyRecord(DatabaseUrl app) {
        try (Connection c = postgres.open(app)) {
            UnfinishedCopy unfinished = UnfinishedCopy.read(c);
            return unfinished == null ? StepResult.ok("copy-record", "no unfinished copy from SQLite")
                    : StepResult.fail("copy-record", unfinished.summary(), unfinished.fix(), ExitCode.FAILED);
        } catch (SetupException e) {
            return StepResult.fail("copy-record", e.getMessage(), e.fix(), e.exitCode());
        } catch (SQLException e) {
            return StepResult.fail("copy-record", "reading the copy's record failed: " + SetupException.firstLine(e.getMessage()),
                    "check that " + app.user() + " may read schema " + UnfinishedCopy.SCHEMA, ExitCode.FAILED);
        }
    }

    public StepResult database(DatabaseUrl app) {
        String id = "niknotes-setup-probe-" + UUID.randomUUID();
        try (Connection c = postgres.open(app)) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into users (id, username, email, created_at) values (?, ?, ?, localtimestamp)")) {
                    ps.setString(1, id);
                    ps.setString(2, id.substring(0, 40));
                    ps.setString(3, id.substring(0, 40) + "@probe.invalid");
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("select count(*) from users where id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 1) {
                            return StepResult.fail("app-connection", "the probe row written as " + app.user() + " could not be read back",
                                    "check row-level security policies on users", ExitCode.FAILED);
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SetupException e) {
            return StepResult.fail("app-connection", e.getMessage(), e.fix(), e.exitCode());
        } catch (SQLException e) {
            return StepResult.fail("app-connection", "as " + app.user() + " on " + app.database() + ": " + e.getMessage(),
                    "the app role must own its tables: run `niknotes-setup migrate` or check ownership", ExitCode.FAILED);
        }
        return StepResult.ok("app-connection", "connected as " + app.user() + " to " + app.database()
                + ", wrote and read a row in users (rolled back)");
    }

    public StepResult redis(RedisUrl url) {
        String key = "niknotes-setup:probe:" + UUID.randomUUID();
        try (Jedis jedis = redis.open(url)) {
            jedis.set(key, "ok", SetParams.setParams().ex(60));
            String back = jedis.get(key);
            long ttl = jedis.ttl(key);
            jedis.del(key);
            if (!"ok".equals(back) || ttl <= 0) {
                return StepResult.fail("redis", "Redis at " + url.hostAndPort() + " did not return the value it was given",
                        "check the Redis server's configuration (maxmemory 0 with noeviction?)", ExitCode.FAILED);
            }
        } catch (SetupException e) {
            return StepResult.fail("redis", e.getMessage(), e.fix(), e.exitCode());
        } catch (JedisException e) {
            return StepResult.fail("redis", RedisConnector.classify(e, url).getMessage(), null, ExitCode.FAILED);
        }
        return StepResult.ok("redis", "Redis at " + url.hostAndPort() + ": SET with TTL, GET and DEL of a throw-away key worked");
    }
}
