package io.niknotes.setup.connect;

import io.niknotes.setup.config.PasswordPrompt;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.redis.RedisConnector;

/**
 * The one way this run reaches its servers: PostgreSQL and Redis with the same connect timeout, the same prompt
 * policy and the same list of places a missing password may come from. Made once per run (the command layer's
 * {@code Invocation}); every command and step takes its connections from here. TLS is in the URLs themselves
 * ({@code sslmode}, {@code rediss://}).
 */
public record Connectors(PostgresConnector postgres, RedisConnector redis) {
    public static Connectors of(Settings settings, PasswordPrompt prompt) {
        return new Connectors(new PostgresConnector(settings.connectTimeout(), prompt, settings.credentials(), settings.admin()),
                new RedisConnector(settings.connectTimeout(), prompt, settings.credentials()));
    }
}
