package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Gets an {@link Artifact} into the cache, verified: from a jar the user downloaded ({@code --binaries}), else
 * from the cache, else from the Maven repository ({@code https://repo.maven.apache.org/maven2} unless
 * {@code NIKNOTES_MAVEN_REPOSITORY} names a mirror, {@code file:} URLs included). Nothing is unpacked before
 * the digest matches; a mismatching file never enters the cache.
 */
public final class ArtifactFetcher {
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2";
    private final Path cache;
    private final String repository;
    private final Consumer<String> progress;

    public ArtifactFetcher(Path cache, String repository, Consumer<String> progress) {
        this.cache = cache;
        this.repository = repository == null ? CENTRAL : repository.replaceAll("/+$", "");
        this.progress = progress;
    }

    /**
     * @param provided a jar downloaded by hand, or null
     * @return the verified jar in the cache
     */
    public Path fetch(Artifact artifact, Path provided) {
        try {
            Files.createDirectories(cache);
            Path target = cache.resolve(artifact.fileName());
            if (provided != null) {
                if (!Files.isRegularFile(provided)) {
                    throw SetupException.usage("--binaries: " + provided + " is not a file",
                            "give the path of " + artifact.fileName() + " downloaded from " + url(artifact));
                }
                String expected = expectedDigest(artifact);
                verify(artifact, provided, expected, provided.toString());
                if (!provided.toAbsolutePath().equals(target.toAbsolutePath())) copyInto(provided, target);
                return target;
            }
            if (Files.isRegularFile(target)) {
                verify(artifact, target, expectedDigest(artifact), target.toString());
                return target;
            }
            String expected = expectedDigest(artifact);
            Path partial = Files.createTempFile(cache, artifact.fileName(), ".part");
            try {
                progress.accept("downloading " + artifact.coordinates() + " from " + repository);
                try (InputStream in = open(url(artifact)); OutputStream out = Files.newOutputStream(partial)) {
                    in.transferTo(out);
                }
                verify(artifact, partial, expected, url(artifact));
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new SetupException(ExitCode.FAILED, "cannot get " + artifact.coordinates() + ": " + e.getMessage(),
                    "check the network (or set NIKNOTES_MAVEN_REPOSITORY to a mirror), or download " + url(artifact)
                            + " by hand and pass it with --binaries", e);
        }
    }

    private void copyInto(Path source, Path target) throws IOException {
        Path partial = Files.createTempFile(cache, target.getFileName().toString(), ".part");
        try {
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** "sha256:HEX" pinned in the tool, else the repository's {@code .sha256} or {@code .sha1}. */
    private String expectedDigest(Artifact artifact) throws IOException {
        if (artifact.sha256() != null) return "SHA-256:" + artifact.sha256();
        for (String[] kind : new String[][]{{"sha256", "SHA-256"}, {"sha1", "SHA-1"}}) {
            try (InputStream in = open(url(artifact) + "." + kind[0])) {
                String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                return kind[1] + ":" + text.split("\\s+")[0].toLowerCase(Locale.ROOT);
            } catch (IOException notPublished) {
                // try the next kind
            }
        }
        throw new IOException("no published checksum for " + url(artifact));
    }

    private static void verify(Artifact artifact, Path file, String expected, String origin) throws IOException {
        String algorithm = expected.substring(0, expected.indexOf(':'));
        String want = expected.substring(expected.indexOf(':') + 1);
        String actual = digest(file, algorithm);
        if (!actual.equals(want)) {
            throw new SetupException(ExitCode.FAILED,
                    artifact.fileName() + " from " + origin + " failed verification: its " + algorithm + " is " + actual
                            + ", expected " + want + " (corrupt or tampered download); nothing was unpacked",
                    "delete it and download it again from " + "https://repo.maven.apache.org/maven2/" + artifact.repositoryPath());
        }
    }

    static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(Artifact artifact) {
        return repository + "/" + artifact.repositoryPath();
    }

    private static InputStream open(String url) throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) return Files.newInputStream(Path.of(uri));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode() + " for " + url);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
    }
}
