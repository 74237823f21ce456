package io.niknotes.setup.local;

import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.RedisUrl;

import java.nio.file.Path;

/**
 * The private servers after {@code local start}: what {@code init --local} needs to run against them.
 *
 * @param admin        the superuser's URL (password included: use {@link DatabaseUrl#redacted()} to show it)
 * @param redis        Redis' URL with its password, or null when Redis is not managed ({@code --no-redis})
 * @param created      true when this start created the cluster (initdb ran)
 * @param wasRunning   true when PostgreSQL was already running (nothing was started)
 */
public record LocalServers(DatabaseUrl admin, RedisUrl redis, String postgresVersion, String redisVersion,
                           Path dataDirectory, boolean created, boolean wasRunning, boolean redisWasRunning) {
}
