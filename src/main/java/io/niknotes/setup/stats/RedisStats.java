package io.niknotes.setup.stats;

import io.niknotes.setup.redis.RedisCheck;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads Redis' INFO, counts the app's keys per prefix with SCAN (never KEYS: it blocks the server) and samples the
 * round-trip latency. INFO is read first, so that the TTL lookups made here do not count as the app's hits.
 */
public final class RedisStats {
    static final int SCAN_COUNT = 1_000;
    /** TTLs kept for the median (reservoir sampling): memory does not grow with the number of keys. */
    static final int TTL_SAMPLE = 10_000;
    static final int LATENCY_SAMPLES = 50;

    private final Jedis jedis;

    public RedisStats(Jedis jedis) {
        this.jedis = jedis;
    }

    public RedisReport collect(String target) {
        Map<String, String> info = RedisCheck.parseInfo(jedis.info());
        List<String> notes = new ArrayList<>();
        String mode = info.getOrDefault("redis_mode", "standalone");
        if (mode.equals("cluster")) {
            notes.add("Redis Cluster: figures and key counts are those of the node in REDIS_URL only (summing over all masters is not implemented)");
        }
        List<RedisReport.Prefix> prefixes = new ArrayList<>();
        for (String prefix : RedisReport.APP_PREFIXES) prefixes.add(prefix(prefix));
        double[] latency = latency();
        return new RedisReport(target, info.getOrDefault("redis_version", "?"), mode, num(info, "uptime_in_seconds"),
                num(info, "connected_clients"), num(info, "used_memory"), num(info, "maxmemory"),
                info.getOrDefault("maxmemory_policy", "noeviction"), num(info, "keyspace_hits"), num(info, "keyspace_misses"),
                num(info, "evicted_keys"), num(info, "expired_keys"), jedis.dbSize(), prefixes, latency[0], latency[1], notes);
    }

    private RedisReport.Prefix prefix(String prefix) {
        ScanParams params = new ScanParams().match(escape(prefix) + "*").count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        long keys = 0;
        long persistent = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long[] sample = new long[TTL_SAMPLE];
        int sampled = 0;
        long withTtl = 0;
        Map<String, Long> buckets = new LinkedHashMap<>();
        RedisReport.Prefix.BUCKETS.forEach(b -> buckets.put(b, 0L));
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            cursor = page.getCursor();
            List<Response<Long>> ttls = new ArrayList<>(page.getResult().size());
            try (Pipeline p = jedis.pipelined()) {
                for (String key : page.getResult()) ttls.add(p.ttl(key));
                p.sync();
            }
            for (Response<Long> r : ttls) {
                long ttl = r.get();
                if (ttl == -2) continue; // expired between SCAN and TTL
                keys++;
                if (ttl == -1) {
                    persistent++;
                    continue;
                }
                min = Math.min(min, ttl);
                max = Math.max(max, ttl);
                buckets.merge(bucket(ttl), 1L, Long::sum);
                if (sampled < TTL_SAMPLE) {
                    sample[sampled++] = ttl;
                } else {
                    long j = ThreadLocalRandom.current().nextLong(withTtl + 1);
                    if (j < TTL_SAMPLE) sample[(int) j] = ttl;
                }
                withTtl++;
            }
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        Long median = null;
        if (sampled > 0) {
            long[] s = Arrays.copyOf(sample, sampled);
            Arrays.sort(s);
            median = s[sampled / 2];
        }
        return new RedisReport.Prefix(prefix, keys, persistent, withTtl == 0 ? null : min, median,
                withTtl == 0 ? null : max, buckets);
    }

    static String bucket(long ttlSeconds) {
        if (ttlSeconds < 60) return "<1m";
        if (ttlSeconds < 30 * 60) return "1m-30m";
        if (ttlSeconds < 6 * 3600) return "30m-6h";
        if (ttlSeconds <= 24 * 3600) return "6h-24h";
        return ">24h";
    }

    /** A glob that matches the prefix literally. */
    static String escape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private double[] latency() {
        long[] samples = new long[LATENCY_SAMPLES];
        for (int i = 0; i < samples.length; i++) {
            long t = System.nanoTime();
            jedis.ping();
            samples[i] = System.nanoTime() - t;
        }
        Arrays.sort(samples);
        return new double[] {samples[samples.length / 2] / 1e6, samples[(int) Math.ceil(samples.length * 0.99) - 1] / 1e6};
    }

    private static long num(Map<String, String> info, String key) {
        try {
            return Long.parseLong(info.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
