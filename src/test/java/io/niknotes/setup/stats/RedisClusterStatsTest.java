package io.niknotes.setup.stats;

import io.niknotes.setup.config.RedisUrl;
import io.niknotes.setup.redis.RedisConnector;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.embedded.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A three-master Redis Cluster of this class's own: keys per prefix and counters are summed over the masters. */
class RedisClusterStatsTest {
    static final String PASSWORD = "cluster-pw-" + Long.toHexString(System.nanoTime());
    static final List<RedisServer> nodes = new ArrayList<>();
    static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        Path dir = Files.createTempDirectory("niknotes-redis-cluster");
        for (int i = 0; i < 3; i++) {
            int port = TestServers.freePort();
            RedisServer s = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("cluster-enabled yes").setting("cluster-config-file " + dir.resolve("nodes-" + port + ".conf"))
                    .setting("requirepass " + PASSWORD).setting("masterauth " + PASSWORD)
                    .setting("save \"\"").setting("appendonly no").build();
            s.start();
            nodes.add(s);
            ports.add(port);
        }
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (int i = 0; i < 3; i++) {
            try (Jedis j = node(i)) {
                j.clusterAddSlots(java.util.stream.IntStream.rangeClosed(ranges[i][0], ranges[i][1]).toArray()); // ADDSLOTSRANGE is Redis 7+
                if (i > 0) j.clusterMeet("127.0.0.1", ports.get(0));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            boolean ok = true;
            for (int i = 0; i < 3; i++) {
                try (Jedis j = node(i)) {
                    String info = j.clusterInfo();
                    ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
                }
            }
            if (ok) break;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the test cluster did not form");
            Thread.sleep(200);
        }
    }

    static Jedis node(int i) {
        Jedis j = new Jedis("127.0.0.1", ports.get(i));
        j.auth(PASSWORD);
        return j;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (RedisServer s : nodes) s.stop();
    }

    @Test
    void keysAndCountersAreSummedOverAllMasters() {
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", ports.get(0))),
                DefaultJedisClientConfig.builder().password(PASSWORD).build())) {
            for (int i = 0; i < 30; i++) cluster.setex("trip:" + i, 1_800, "x");
            for (int i = 0; i < 12; i++) cluster.setex("ai_suggestions:" + i, 86_400, "x");
        }
        long keysOnFirst;
        try (Jedis j = node(0)) {
            keysOnFirst = j.dbSize();
        }
        assertThat(keysOnFirst).as("keys spread over the masters").isLessThan(42);

        RedisUrl url = RedisUrl.parse("redis://:" + PASSWORD + "@127.0.0.1:" + ports.get(0) + "/0", "test");
        RedisConnector connector = new RedisConnector(Duration.ofSeconds(3));
        RedisReport r;
        try (Jedis j = connector.open(url)) {
            r = new RedisStats(j, url, connector::open).collect();
        }
        assertThat(r.mode()).isEqualTo("cluster");
        assertThat(r.dbKeys()).isEqualTo(42);
        assertThat(r.prefixes().stream().filter(p -> p.prefix().equals("trip:")).findFirst().orElseThrow().keys()).isEqualTo(30);
        assertThat(r.prefixes().stream().filter(p -> p.prefix().equals("ai_suggestions:")).findFirst().orElseThrow().keys()).isEqualTo(12);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("summed over 3 masters"));
        assertThat(r.target()).doesNotContain(PASSWORD);
    }
}
