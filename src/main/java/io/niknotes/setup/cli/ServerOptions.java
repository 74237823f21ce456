package io.niknotes.setup.cli;

import picocli.CommandLine.Mixin;

/** The options of every command that talks to the servers: where PostgreSQL and Redis are, and how to print. */
public final class ServerOptions {
    @Mixin
    PostgresOptions postgres;
    @Mixin
    RedisOptions redis;
    @Mixin
    OutputOptions output;
}
