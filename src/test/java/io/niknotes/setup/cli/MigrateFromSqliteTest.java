package io.niknotes.setup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.ExitCode;
import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class MigrateFromSqliteTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        TestServers.get();
    }

    static void assertNoSecrets(Cli.Result r) {
        assertThat(r.all()).doesNotContain(CopyFixtures.PASSWORD).doesNotContain(TestServers.PG_SUPERUSER_PASSWORD)
                .doesNotContain(TestServers.REDIS_PASSWORD);
    }

    /** read = loaded + rejected for every table of a JSON summary. */
    static JsonNode json(Cli.Result r) throws Exception {
        JsonNode doc = new ObjectMapper().readTree(r.out());
        for (JsonNode t : doc.get("tables")) {
            assertThat(t.get("read").asLong()).as(t.toString()).isEqualTo(t.get("loaded").asLong() + t.get("rejected").asLong());
        }
        return doc;
    }

    @Test
    void sampleIsCopiedVerifiedAndReadsBackThroughTheSchema() throws Exception {
        String db = CopyFixtures.newDatabase("copy_sample");
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        String before = CopyFixtures.sha256(file);
        Cli.Result r = CopyFixtures.cli(dir, db).run("migrate-from-sqlite", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = json(r);
        assertThat(doc.get("loaded").asLong()).isEqualTo(50 + 265 + 135 + 276 + 3387);
        for (JsonNode t : doc.get("tables")) assertThat(t.get("verification").get("matches").asBoolean()).as(t.toString()).isTrue();
        assertThat(CopyFixtures.sha256(file)).isEqualTo(before);
        assertNoSecrets(r);
        try (Connection c = CopyFixtures.app(db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select travel_style, transportation, is_template, created_at from trips"
                    + " where id = '59001ac9-4063-49bc-a5b0-0a2d35d14880'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("LUXURY");
                assertThat(rs.getString(2)).isEqualTo("CRUISE");
                assertThat(rs.getBoolean(3)).isFalse();
                assertThat(rs.getObject(4, java.time.LocalDateTime.class)).isEqualTo(java.time.LocalDateTime.parse("2024-09-29T08:43:51.236205"));
            }
            try (ResultSet rs = st.executeQuery("select is_packed, actually_used, created_at::text from packing_items"
                    + " where id = '703e53cf-192f-49a9-8fd8-c364eab42bd6'")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getString(3)).isEqualTo("2024-09-29 09:16:36.851943");
            }
            try (ResultSet rs = st.executeQuery("select nextval(pg_get_serial_sequence('audit_logs', 'id')) > (select max(id) from audit_logs)")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("sequence moved past the largest id").isTrue();
            }
            try (ResultSet rs = st.executeQuery("select count(*) from pg_constraint where contype = 'f' and conrelid::regclass::text"
                    + " in ('trips', 'travelers', 'packing_items')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("foreign keys recreated").isEqualTo(3);
            }
        }
    }
}
