package io.niknotes.setup.cli;

import picocli.CommandLine.Option;

/** Where Redis is, and whether it is required. */
public final class RedisOptions {
    @Option(names = "--redis-url", paramLabel = "URL",
            description = "The app's cache: redis://[:PASSWORD@]HOST:6379/0, rediss:// for TLS.%n"
                    + "  env: REDIS_URL (password also from REDIS_PASSWORD); default: redis://localhost:6379/0")
    String redisUrl;

    @Option(names = "--require-redis",
            description = "Treat Redis problems as failures (by default they are warnings: the app runs without its cache).")
    boolean requireRedis;

    public boolean required() {
        return requireRedis;
    }
}
