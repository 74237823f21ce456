package io.niknotes.setup.stats;

import java.util.List;
import java.util.Map;

/**
 * What Redis told us. Counters (hits, misses, evicted, expired) are server-wide since start or CONFIG RESETSTAT.
 *
 * @param target     the redacted URL
 * @param dbKeys     keys in the URL's database (DBSIZE)
 * @param prefixes   the app's key prefixes counted with SCAN
 */
public record RedisReport(String target, String version, String mode, long uptimeSeconds, long connectedClients,
                          long usedMemory, long maxmemory, String policy, long keyspaceHits, long keyspaceMisses,
                          long evictedKeys, long expiredKeys, long dbKeys, List<Prefix> prefixes, double latencyP50Ms,
                          double latencyP99Ms, List<String> notes) {
    public static final List<String> APP_PREFIXES = List.of("ai_suggestions:", "ai_trip_mapping:", "trip:");

    public RedisReport {
        prefixes = List.copyOf(prefixes);
        notes = List.copyOf(notes);
    }

    /** The app's definition: keyspace_hits / (hits + misses); null before any lookup. */
    public Double hitRate() {
        long all = keyspaceHits + keyspaceMisses;
        return all == 0 ? null : (double) keyspaceHits / all;
    }

    /** used_memory / maxmemory, or null when unlimited. */
    public Double memoryRatio() {
        return maxmemory <= 0 ? null : (double) usedMemory / maxmemory;
    }

    /**
     * Keys of one prefix and their remaining time to live, in seconds.
     *
     * @param withoutTtl keys that never expire (the app always sets a TTL: these are suspicious)
     * @param buckets    counts per TTL range, in a fixed order (see {@link #BUCKETS})
     */
    public record Prefix(String prefix, long keys, long withoutTtl, Long minTtl, Long medianTtl, Long maxTtl,
                         Map<String, Long> buckets) {
        public static final List<String> BUCKETS = List.of("<1m", "1m-30m", "30m-6h", "6h-24h", ">24h");

        public Prefix {
            buckets = Map.copyOf(buckets);
        }
    }
}
