package io.niknotes.setup.config;

import java.nio.file.Path;

/** What the command line said about connections; any field may be null (not given). */
public record ConnectionFlags(String databaseUrl, String adminUrl, Path passwordFile, Path adminPasswordFile,
                              String redisUrl, Integer connectTimeoutSeconds, Path envFile, String directUrl) {
    /** Without --direct-url. */
    public ConnectionFlags(String databaseUrl, String adminUrl, Path passwordFile, Path adminPasswordFile,
                           String redisUrl, Integer connectTimeoutSeconds, Path envFile) {
        this(databaseUrl, adminUrl, passwordFile, adminPasswordFile, redisUrl, connectTimeoutSeconds, envFile, null);
    }

    public static ConnectionFlags none() {
        return new ConnectionFlags(null, null, null, null, null, null, null, null);
    }
}
