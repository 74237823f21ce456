package io.niknotes.setup.stats;

import io.niknotes.setup.config.RedisUrl;
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
import java.util.function.Function;

/**
 * Reads Redis' INFO, counts the app's keys per prefix with SCAN (never KEYS: it blocks the server) and samples the
 * round-trip latency. INFO is read first, so that the TTL lookups made here do not count as the app's hits. On a
 * Redis Cluster every master is read (CLUSTER NODES) and the figures are summed.
 */
public final class RedisStats {
    static final int SCAN_COUNT = 1_000;
    /** TTLs kept for the median (reservoir sampling): memory does not grow with the number of keys. */
    static final int TTL_SAMPLE = 10_000;
    static final int LATENCY_SAMPLES = 50;

    private final Jedis jedis;
    private final RedisUrl url;
    private final Function<RedisUrl, Jedis> opener;

    /** @param opener opens another node of a cluster with the same credentials (a cluster's other masters) */
    public RedisStats(Jedis jedis, RedisUrl url, Function<RedisUrl, Jedis> opener) {
        this.jedis = jedis;
        this.url = url;
        this.opener = opener;
    }

    public RedisReport collect() {
        Map<String, String> info = RedisCheck.parseInfo(jedis.info());
        List<String> notes = new ArrayList<>();
        String mode = info.getOrDefault("redis_mode", "standalone");
        List<Tally> tallies = new ArrayList<>();
        RedisReport.APP_PREFIXES.forEach(p -> tallies.add(new Tally(p)));
        long[] sums = new long[8];
        if (mode.equals("cluster")) {
            List<RedisUrl> masters = masters(jedis.clusterNodes());
            for (RedisUrl master : masters) {
                boolean self = master.host().equals(url.host()) && master.port() == url.port();
                if (self) {
                    node(jedis, info, tallies, sums);
                } else {
                    try (Jedis other = opener.apply(master)) {
                        node(other, RedisCheck.parseInfo(other.info()), tallies, sums);
                    } catch (RuntimeException e) {
                        notes.add("Redis Cluster master " + master.hostAndPort() + " could not be read (" + e.getMessage()
                                + "): its keys and counters are missing from the sums");
                    }
                }
            }
            notes.add("Redis Cluster: figures summed over " + masters.size() + " masters (" + String.join(", ",
                    masters.stream().map(RedisUrl::hostAndPort).toList()) + "); version, uptime and latency are those of "
                    + url.hostAndPort());
        } else {
            node(jedis, info, tallies, sums);
        }
        double[] latency = latency();
        return new RedisReport(url.redacted(), info.getOrDefault("redis_version", "?"), mode, num(info, "uptime_in_seconds"),
                sums[0], sums[1], sums[2], info.getOrDefault("maxmemory_policy", "noeviction"), sums[3], sums[4], sums[5], sums[6],
                sums[7], tallies.stream().map(Tally::result).toList(), latency[0], latency[1], notes);
    }

    /** Adds one server's figures: clients, used, maxmemory, hits, misses, evicted, expired, keys. */
    private static void node(Jedis node, Map<String, String> info, List<Tally> tallies, long[] sums) {
        String[] keys = {"connected_clients", "used_memory", "maxmemory", "keyspace_hits", "keyspace_misses", "evicted_keys", "expired_keys"};
        for (int i = 0; i < keys.length; i++) sums[i] += num(info, keys[i]);
        sums[7] += node.dbSize();
        for (Tally t : tallies) t.scan(node);
    }

    /** The masters named by CLUSTER NODES that are not failing, as URLs with this URL's credentials. */
    List<RedisUrl> masters(String clusterNodes) {
        List<RedisUrl> out = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 3 || !f[2].contains("master") || f[2].contains("fail") || f[2].contains("noaddr")) continue;
            String addr = f[1].split("@")[0]; // host:port@cport, or :port while the address is unknown
            int colon = addr.lastIndexOf(':');
            String host = addr.substring(0, colon);
            int port = Integer.parseInt(addr.substring(colon + 1));
            if (f[2].contains("myself")) {
                out.add(0, url.at(url.host(), url.port()));
            } else if (!host.isEmpty()) {
                out.add(url.at(host, port));
            }
        }
        return out;
    }

    /** One prefix's keys over one or more servers. */
    private static final class Tally {
        private final String prefix;
        private final long[] sample = new long[TTL_SAMPLE];
        private final Map<String, Long> buckets = new LinkedHashMap<>();
        private int sampled;
        private long keys;
        private long persistent;
        private long withTtl;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        Tally(String prefix) {
            this.prefix = prefix;
            RedisReport.Prefix.BUCKETS.forEach(b -> buckets.put(b, 0L));
        }

        void scan(Jedis node) {
            ScanParams params = new ScanParams().match(escape(prefix) + "*").count(SCAN_COUNT);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = node.scan(cursor, params);
                cursor = page.getCursor();
                List<Response<Long>> ttls = new ArrayList<>(page.getResult().size());
                try (Pipeline p = node.pipelined()) {
                    for (String key : page.getResult()) ttls.add(p.ttl(key));
                    p.sync();
                }
                for (Response<Long> r : ttls) add(r.get());
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }

        private void add(long ttl) {
            if (ttl == -2) return; // expired between SCAN and TTL
            keys++;
            if (ttl == -1) {
                persistent++;
                return;
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

        RedisReport.Prefix result() {
            Long median = null;
            if (sampled > 0) {
                long[] s = Arrays.copyOf(sample, sampled);
                Arrays.sort(s);
                median = s[sampled / 2];
            }
            return new RedisReport.Prefix(prefix, keys, persistent, withTtl == 0 ? null : min, median, withTtl == 0 ? null : max, buckets);
        }
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
