package io.niknotes.setup.config;

import io.niknotes.setup.SetupException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlsTest {
    @Test
    void appFormWithEncodedPassword() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://niknotes_user:p%40ss%3Aw0rd@db.example.com:6543/niknotes_db?sslmode=require", "X");
        assertThat(u.user()).isEqualTo("niknotes_user");
        assertThat(u.password()).isEqualTo("p@ss:w0rd");
        assertThat(u.host()).isEqualTo("db.example.com");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).isEqualTo("niknotes_db");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/niknotes_db?sslmode=require");
        assertThat(u.redacted()).isEqualTo("postgresql://niknotes_user:***@db.example.com:6543/niknotes_db?sslmode=require").doesNotContain("w0rd");
        assertThat(u.toString()).doesNotContain("w0rd");
        assertThat(DatabaseUrl.parse(u.appUrlWithSecret(), "X")).isEqualTo(u.withPassword("p@ss:w0rd"));
    }

    @Test
    void sqlalchemyDriverSuffixAndJdbcForms() {
        DatabaseUrl a = DatabaseUrl.parse("postgresql+psycopg2://u:p@h/d", "X");
        assertThat(a.host()).isEqualTo("h");
        assertThat(a.port()).isEqualTo(5432);
        DatabaseUrl j = DatabaseUrl.parse("jdbc:postgresql://h:5433/d?user=u&password=p&ssl=true", "X");
        assertThat(j.user()).isEqualTo("u");
        assertThat(j.password()).isEqualTo("p");
        assertThat(j.params()).isEqualTo(Map.of("ssl", "true"));
        assertThat(j.jdbcUrl()).doesNotContain("password");
        DatabaseUrl v6 = DatabaseUrl.parse("postgres://u@[::1]:5444/d", "X");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(5444);
    }

    @Test
    void badUrlsAreRejectedWithoutEchoingSecrets() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:topsecret@h/d", "DATABASE_URL"))
                .isInstanceOf(SetupException.class).hasMessageContaining("DATABASE_URL").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:topsecret@h:99999/d", "DATABASE_URL"))
                .isInstanceOf(SetupException.class).hasMessageContaining("port").hasMessageNotContaining("topsecret");
    }

    @Test
    void redisForms() {
        RedisUrl r = RedisUrl.parse("rediss://default:s%23cret@cache:6380/2", "REDIS_URL");
        assertThat(r.tls()).isTrue();
        assertThat(r.user()).isEqualTo("default");
        assertThat(r.password()).isEqualTo("s#cret");
        assertThat(r.port()).isEqualTo(6380);
        assertThat(r.database()).isEqualTo(2);
        assertThat(r.redacted()).isEqualTo("rediss://default:***@cache:6380/2");
        RedisUrl bare = RedisUrl.parse("redis://:pw@localhost", "REDIS_URL");
        assertThat(bare.password()).isEqualTo("pw");
        assertThat(bare.user()).isNull();
        assertThat(bare.port()).isEqualTo(6379);
        assertThatThrownBy(() -> RedisUrl.parse("http://x", "REDIS_URL")).isInstanceOf(SetupException.class);
    }
}
