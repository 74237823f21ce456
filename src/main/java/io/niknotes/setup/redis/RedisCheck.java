package io.niknotes.setup.redis;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.config.RedisUrl;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Is Redis ready to be the app's cache? Reachable, authenticated, version, latency, memory limit and eviction
 * policy, persistence. Redis is optional for the app: callers downgrade failures to warnings unless required.
 */
public final class RedisCheck {
    static final String AREA = "redis";
    public static final int LATENCY_SAMPLES = 50;

    private final RedisConnector connector;

    public RedisCheck(RedisConnector connector) {
        this.connector = connector;
    }

    public List<Finding> run(RedisUrl url) {
        List<Finding> findings = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Jedis jedis = connector.open(url)) {
            findings.add(Finding.ok(AREA, "reachable", "server at " + url.hostAndPort() + (url.tls() ? " (TLS)" : "")
                    + " answered in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                    + (url.password() == null ? "" : ", password accepted")));
            Map<String, String> info = parseInfo(jedis.info());
            String version = info.getOrDefault("redis_version", "?");
            int major = parseMajor(version);
            findings.add(major > 0 && major < 6
                    ? Finding.warn(AREA, "version", "Redis " + version, "versions below 6 are out of support", "upgrade to Redis 7, as the app's compose file runs")
                    : Finding.ok(AREA, "version", "Redis " + version + " (" + info.getOrDefault("redis_mode", "standalone") + ")"));
            findings.add(latency(jedis));
            findings.add(memory(info));
            findings.add(persistence(info));
        } catch (SetupException e) {
            findings.add(Finding.fail(AREA, "reachable", e.getMessage(), null, e.fix(), e.exitCode()));
        } catch (JedisException e) {
            SetupException s = RedisConnector.classify(e, url);
            findings.add(Finding.fail(AREA, "query", s.getMessage(), null, s.fix(), s.exitCode()));
        }
        return findings;
    }

    private static Finding latency(Jedis jedis) {
        long[] samples = new long[LATENCY_SAMPLES];
        for (int i = 0; i < samples.length; i++) {
            long t = System.nanoTime();
            jedis.ping();
            samples[i] = System.nanoTime() - t;
        }
        Arrays.sort(samples);
        double p50 = samples[samples.length / 2] / 1e6;
        double p99 = samples[(int) Math.ceil(samples.length * 0.99) - 1] / 1e6;
        String found = String.format(java.util.Locale.ROOT, "round trip p50 %.2f ms, p99 %.2f ms over %d PINGs", p50, p99, samples.length);
        return p99 > 50 ? Finding.warn(AREA, "latency", found, "a cache slower than 50 ms per call costs more than it saves",
                "run Redis close to the app (same host or network)") : Finding.ok(AREA, "latency", found);
    }

    private static Finding memory(Map<String, String> info) {
        long max = Long.parseLong(info.getOrDefault("maxmemory", "0"));
        String policy = info.getOrDefault("maxmemory_policy", "noeviction");
        String used = info.getOrDefault("used_memory_human", "?");
        String found = "used " + used + ", maxmemory " + (max == 0 ? "unlimited" : info.getOrDefault("maxmemory_human", max + "B"))
                + ", policy " + policy;
        if (max == 0) {
            return Finding.warn(AREA, "memory", found, "a pure cache without a memory limit grows until the machine runs out",
                    "set maxmemory 256mb and maxmemory-policy allkeys-lru (the app's compose file)");
        }
        if (policy.equals("noeviction")) {
            return Finding.warn(AREA, "memory", found, "with noeviction a full cache makes every write fail",
                    "CONFIG SET maxmemory-policy allkeys-lru (and in redis.conf)");
        }
        return Finding.ok(AREA, "memory", found);
    }

    private static Finding persistence(Map<String, String> info) {
        boolean aof = "1".equals(info.get("aof_enabled"));
        String changes = info.getOrDefault("rdb_changes_since_last_save", "0");
        String found = "AOF " + (aof ? "on" : "off") + ", RDB last save " + lastSave(info.get("rdb_last_save_time"))
                + " (" + changes + " changes since)";
        return Finding.info(AREA, "persistence", found + "; the app uses Redis as a pure cache, persistence is optional");
    }

    /** INFO's rdb_last_save_time (seconds since the epoch) for people: "2026-11-29 22:10:05 UTC", or "never". */
    static String lastSave(String epochSeconds) {
        try {
            long s = Long.parseLong(epochSeconds == null ? "" : epochSeconds.trim());
            if (s <= 0) return "never";
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", java.util.Locale.ROOT)
                    .format(java.time.Instant.ofEpochSecond(s).atOffset(java.time.ZoneOffset.UTC));
        } catch (NumberFormatException e) {
            return "unknown";
        }
    }

    public static Map<String, String> parseInfo(String info) {
        Map<String, String> map = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon > 0) map.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return map;
    }

    private static int parseMajor(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
