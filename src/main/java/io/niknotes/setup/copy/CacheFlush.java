package io.niknotes.setup.copy;

import io.niknotes.setup.config.RedisUrl;
import io.niknotes.setup.redis.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.List;

/**
 * Removes the app's cache entries made stale by a copy ({@code trip:*}, {@code ai_trip_mapping:*}) with SCAN and
 * UNLINK: never KEYS, which blocks the server while it walks the whole keyspace.
 */
public final class CacheFlush {
    public static final List<String> PATTERNS = List.of("trip:*", "ai_trip_mapping:*");
    private final RedisConnector connector;

    public CacheFlush(RedisConnector connector) {
        this.connector = connector;
    }

    /** @return how many keys were removed */
    public long flush(RedisUrl url) {
        long removed = 0;
        try (Jedis jedis = connector.open(url)) {
            for (String pattern : PATTERNS) {
                ScanParams params = new ScanParams().match(pattern).count(1000);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = jedis.scan(cursor, params);
                    if (!page.getResult().isEmpty()) removed += jedis.unlink(page.getResult().toArray(String[]::new));
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw RedisConnector.classify(e, url);
        }
        return removed;
    }
}
