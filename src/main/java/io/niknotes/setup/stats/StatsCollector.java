package io.niknotes.setup.stats;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.RedisUrl;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.connect.Connectors;
import io.niknotes.setup.postgres.PoolerConsole;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.postgres.UnfinishedCopy;
import io.niknotes.setup.redis.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One statistics run: PostgreSQL (required: a failure to connect is the run's failure) and Redis (optional: a
 * warning when unreachable, a failure with {@code requireRedis}), judged into findings. Prints nothing.
 */
public final class StatsCollector {
    private final PostgresConnector postgres;
    private final RedisConnector redis;
    private final Clock clock;

    public StatsCollector(PostgresConnector postgres, RedisConnector redis, Clock clock) {
        this.postgres = postgres;
        this.redis = redis;
        this.clock = clock;
    }

    /** The app's own connection and REDIS_URL: what {@code stats} and the end of {@code init} report on. */
    public static StatsReport collect(Settings settings, Connectors connectors, StatsOptions options) {
        return new StatsCollector(connectors.postgres(), connectors.redis(), Clock.systemUTC())
                .collect(settings.app(), settings.redis(), options);
    }

    /**
     * Marks the end of the tool's own work in {@code database}: {@code stats} judges only the activity after it.
     * Called by {@code init} and {@code migrate-from-sqlite} once their work is committed.
     *
     * @param takenBy the command whose work just ended
     */
    public Baseline recordBaseline(DatabaseUrl database, String takenBy) {
        try (Connection conn = postgres.open(database)) {
            return Baseline.record(conn, takenBy, PostgresConnector.APPLICATION_NAME);
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, database);
        }
    }

    /** {@link #recordBaseline} with the app's own connection from the settings. */
    public static Baseline recordBaseline(Settings settings, Connectors connectors, String takenBy) {
        return new StatsCollector(connectors.postgres(), connectors.redis(), Clock.systemUTC()).recordBaseline(settings.app(), takenBy);
    }

    /**
     * @param database the connection to read with (normally DATABASE_URL: the app's own role is enough)
     * @param cache    REDIS_URL, or null to leave Redis out
     */
    public StatsReport collect(DatabaseUrl database, RedisUrl cache, StatsOptions options) {
        List<String> notes = new ArrayList<>();
        PgReport pg;
        UnfinishedCopy unfinished;
        PoolReport pooler = null;
        try (Connection conn = postgres.open(database)) {
            if (postgres.pooled(database)) {
                notes.add(database.setting().name() + " goes through a connection pooler: these are the server's own figures, and the "
                        + "connection counts include the pooler's server connections (each serves many app clients), not the app's clients");
                pooler = pool(database); // while this report's connection is open: the pool is there, with it as one client
                if (!pooler.read()) notes.add(pooler.unavailable());
            }
            pg = new PostgresStats(conn, options, notes).collect();
            unfinished = UnfinishedCopy.read(conn);
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, database);
        }
        var now = clock.instant();
        StatsFindings judge = new StatsFindings(options, now);
        List<Finding> findings = new ArrayList<>(judge.postgres(pg));
        if (pooler != null && pooler.pool() != null) findings.add(judge.pool(pooler));
        if (unfinished != null) {
            findings.add(Finding.fail("postgres", "copy", unfinished.summary(), "a copy from SQLite was interrupted", unfinished.fix(),
                    io.niknotes.setup.ExitCode.FAILED));
        }
        RedisReport redisReport = null;
        String redisError = null;
        if (cache != null) {
            try (Jedis jedis = redis.open(cache)) {
                redisReport = new RedisStats(jedis, cache, redis::open).collect();
                findings.addAll(judge.redis(redisReport));
                notes.addAll(redisReport.notes());
            } catch (SetupException e) {
                redisError = e.getMessage();
                Finding f = Finding.fail("redis", "reachable", e.getMessage(), null, e.fix(), e.exitCode());
                findings.add(options.requireRedis() ? f : f.asWarning());
            } catch (JedisException e) {
                SetupException s = RedisConnector.classify(e, cache);
                redisError = s.getMessage();
                Finding f = Finding.fail("redis", "query", s.getMessage(), null, s.fix(), s.exitCode());
                findings.add(options.requireRedis() ? f : f.asWarning());
            }
        }
        return new StatsReport(now, pg, pooler, redisReport, redisError, findings, notes);
    }

    /** PgBouncer's figures for the app's pool from its admin console, or why they cannot be read. */
    private PoolReport pool(DatabaseUrl database) {
        try (PoolerConsole console = postgres.poolerConsole(database)) {
            return PoolStats.read(console, database);
        } catch (PoolerConsole.Unavailable e) {
            return PoolStats.unavailable(database, e);
        }
    }
}
