package io.niknotes.setup.cli;

import io.niknotes.setup.config.ConnectionFlags;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where PostgreSQL is, and the .env file; each option names its environment variable. */
public final class PostgresOptions {
    @Option(names = "--database-url", paramLabel = "URL",
            description = "The app's database: postgresql://USER[:PASSWORD]@HOST:5432/DB, postgresql+psycopg2://… or jdbc:postgresql://…%n"
                    + "  env: DATABASE_URL; default: postgresql://niknotes_user@localhost:5432/niknotes_db")
    String databaseUrl;

    @Option(names = "--admin-url", paramLabel = "URL",
            description = "Administrator connection used to provision (a superuser, or a role with CREATEDB and CREATEROLE).%n"
                    + "  env: NIKNOTES_ADMIN_URL; default: the private cluster of `niknotes-setup local` when one exists,"
                    + " else postgresql://postgres@<DATABASE_URL's host:port>/postgres")
    String adminUrl;

    @Option(names = "--direct-url", paramLabel = "URL",
            description = "The server itself when DATABASE_URL goes through a connection pooler (PgBouncer, a provider's pooled port):"
                    + " init, migrate and migrate-from-sqlite connect here; .env keeps the pooled DATABASE_URL."
                    + " User, database and password default to DATABASE_URL's.%n"
                    + "  env: DIRECT_URL (Prisma's directUrl, Supabase's direct connection); default: none")
    String directUrl;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the app user's password.  env: NIKNOTES_DB_PASSWORD (the password itself)")
    Path passwordFile;

    @Option(names = "--admin-password-file", paramLabel = "FILE",
            description = "File whose first line is the administrator's password.  env: PGPASSWORD (the password itself); ~/.pgpass is read too")
    Path adminPasswordFile;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Give up connecting after this long.  env: NIKNOTES_CONNECT_TIMEOUT; default: 5")
    Integer connectTimeout;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Read settings from this file (python-dotenv syntax).  default: the nearest .env from here up")
    Path envFile;

    public ConnectionFlags flags(RedisOptions redis) {
        return new ConnectionFlags(databaseUrl, adminUrl, passwordFile, adminPasswordFile,
                redis == null ? null : redis.redisUrl, connectTimeout, envFile, directUrl);
    }
}
