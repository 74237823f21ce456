package io.niknotes.setup.stats;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdsTest {
    @Test
    void bandsAreGreenAmberRedAtTheDocumentedEdges() {
        assertThat(Thresholds.atLeast(0.80, Thresholds.REDIS_HIT_GREEN, Thresholds.REDIS_HIT_AMBER)).isEqualTo(Status.OK);
        assertThat(Thresholds.atLeast(0.79, Thresholds.REDIS_HIT_GREEN, Thresholds.REDIS_HIT_AMBER)).isEqualTo(Status.WARN);
        assertThat(Thresholds.atLeast(0.49, Thresholds.REDIS_HIT_GREEN, Thresholds.REDIS_HIT_AMBER)).isEqualTo(Status.FAIL);
        assertThat(Thresholds.below(0.69, Thresholds.CONNECTIONS_AMBER, Thresholds.CONNECTIONS_RED)).isEqualTo(Status.OK);
        assertThat(Thresholds.below(0.70, Thresholds.CONNECTIONS_AMBER, Thresholds.CONNECTIONS_RED)).isEqualTo(Status.WARN);
        assertThat(Thresholds.below(0.90, Thresholds.CONNECTIONS_AMBER, Thresholds.CONNECTIONS_RED)).isEqualTo(Status.FAIL);
    }

    private static RedisReport redis(long hits, long misses, long used, long max, String policy) {
        return new RedisReport("redis://localhost:6379/0", "7.2.4", "standalone", 10, 1, used, max, policy, hits, misses, 0, 0, 0,
                List.of(new RedisReport.Prefix("trip:", 2, 1, 10L, 10L, 10L, Map.of("<1m", 1L))), 0.1, 0.2, List.of());
    }

    private static Finding find(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void redisHitRateIsJudgedOnlyFromEnoughLookups() {
        StatsFindings judge = new StatsFindings(StatsOptions.defaults(), Instant.now());
        assertThat(find(judge.redis(redis(9, 1, 1, 100, "allkeys-lru")), "hit-rate").status()).isEqualTo(Status.INFO);
        assertThat(find(judge.redis(redis(90, 10, 1, 100, "allkeys-lru")), "hit-rate").status()).isEqualTo(Status.OK);
        assertThat(find(judge.redis(redis(60, 40, 1, 100, "allkeys-lru")), "hit-rate").status()).isEqualTo(Status.WARN);
        assertThat(find(judge.redis(redis(10, 90, 1, 100, "allkeys-lru")), "hit-rate").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void redisMemoryFullWithNoevictionIsRedAndKeysWithoutTtlAreAmber() {
        StatsFindings judge = new StatsFindings(StatsOptions.defaults(), Instant.now());
        List<Finding> f = judge.redis(redis(0, 0, 95, 100, "noeviction"));
        assertThat(find(f, "memory").status()).isEqualTo(Status.FAIL);
        assertThat(find(f, "ttl.trip:").status()).isEqualTo(Status.WARN);
        assertThat(find(judge.redis(redis(0, 0, 95, 0, "noeviction")), "memory").status()).isEqualTo(Status.WARN);
        assertThat(find(judge.redis(redis(0, 0, 10, 100, "allkeys-lru")), "memory").status()).isEqualTo(Status.OK);
    }

    @Test
    void sequencesAndWraparound() {
        assertThat(new PgReport.Sequence("s", 95L, 100, 1).usedRatio()).isGreaterThan(Thresholds.SEQUENCE_RED);
        assertThat(new PgReport.Sequence("s", null, 100, 1).usedRatio()).isNull();
        assertThat(new PgReport.Wraparound("db", 1_600_000_000L).remaining()).isEqualTo(547_483_648L);
    }

    @Test
    void formatsFiguresForPeople() {
        assertThat(Format.bytes(512)).isEqualTo("512 B");
        assertThat(Format.bytes(8192)).isEqualTo("8.0 kB");
        assertThat(Format.bytes(256L * 1024 * 1024)).isEqualTo("256 MB");
        assertThat(Format.duration(Duration.ofDays(14))).isEqualTo("14 days");
        assertThat(Format.duration(Duration.ofMinutes(135))).isEqualTo("2 h 15 min");
        assertThat(Format.percent(0.955)).isEqualTo("95.5%");
        assertThat(PostgresStats.shortQuery("alter role x password 'hunter2'")).doesNotContain("hunter2").contains("'***'");
        assertThat(RedisStats.escape("a*b")).isEqualTo("a\\*b");
    }

    private static PoolReport pool(int waiting, double maxWait, long avgWaitMicros) {
        return new PoolReport("pooler:6432", "PgBouncer 1.18.0", new PoolReport.Pool("niknotes_db", "niknotes_user", "transaction", 12,
                waiting, 20, 0, 0, maxWait), new PoolReport.Traffic("niknotes_db", 1000, 3000, 2_000, 700, avgWaitMicros), null);
    }

    @Test
    void aPgBouncerPoolIsAmberWhenClientsWaitOrWaitedLongOnAverage() {
        StatsFindings judge = new StatsFindings(StatsOptions.defaults(), Instant.now());
        Finding calm = judge.pool(pool(0, 0, 99_999));
        assertThat(calm.status()).isEqualTo(Status.OK);
        assertThat(calm.area()).isEqualTo("pooler");
        assertThat(calm.found()).contains("niknotes_db/niknotes_user: 12 clients active, 0 waiting").contains("average wait 100.00 ms");
        Finding waiting = judge.pool(pool(3, 1.5, 0));
        assertThat(waiting.status()).isEqualTo(Status.WARN);
        assertThat(waiting.found()).contains("3 waiting (longest 1.500 s)");
        assertThat(waiting.fix()).contains("default_pool_size");
        assertThat(judge.pool(pool(0, 0, 100_000)).status()).as("100 ms average wait").isEqualTo(Status.WARN);
    }
}
