package io.niknotes.setup.stats;

import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.postgres.PoolerConsole;

import java.util.Map;
import java.util.Objects;

/**
 * Reads PgBouncer's own figures for the app's pool from its admin console ({@code SHOW POOLS}, {@code SHOW STATS}),
 * columns by name so that older and newer PgBouncers (which add columns) read alike. Where the console cannot be
 * read, the report says why and how to open it, in one line: never a failure of the run. Prints nothing.
 */
final class PoolStats {
    private PoolStats() {
    }

    /** @param database the app's URL through the pooler: its database and user name the pool */
    static PoolReport read(PoolerConsole console, DatabaseUrl database) throws PoolerConsole.Unavailable {
        String version = console.query("SHOW VERSION").stream().findFirst().map(r -> r.get("version")).orElse(null);
        PoolReport.Pool pool = null;
        for (Map<String, String> r : console.query("SHOW POOLS")) {
            if (Objects.equals(database.database(), r.get("database")) && Objects.equals(database.user(), r.get("user"))) {
                pool = new PoolReport.Pool(r.get("database"), r.get("user"), r.get("pool_mode"), integer(r, "cl_active"),
                        integer(r, "cl_waiting"), integer(r, "sv_active"), integer(r, "sv_idle"), integer(r, "sv_used"),
                        number(r, "maxwait") + number(r, "maxwait_us") / 1_000_000.0);
            }
        }
        PoolReport.Traffic traffic = null;
        for (Map<String, String> r : console.query("SHOW STATS")) {
            if (Objects.equals(database.database(), r.get("database"))) {
                traffic = new PoolReport.Traffic(r.get("database"), number(r, "total_xact_count"), number(r, "total_query_count"),
                        number(r, "avg_xact_time"), number(r, "avg_query_time"), number(r, "avg_wait_time"));
            }
        }
        return new PoolReport(database.hostAndPort(), version, pool, traffic, null);
    }

    /** The pooler without its figures: why, and what opens the console to this user. */
    static PoolReport unavailable(DatabaseUrl database, PoolerConsole.Unavailable e) {
        String user = database.user();
        String why = e.refused()
                ? "its admin console (database " + PoolerConsole.DATABASE + ") at " + database.hostAndPort() + " refused " + user + ": " + e.getMessage()
                : "no PgBouncer admin console could be read at " + database.hostAndPort() + " (" + e.getMessage() + ")";
        return new PoolReport(database.hostAndPort(), null, null, null, "the pool's own figures (clients waiting, max wait) are not shown: "
                + why + "; with PgBouncer, add `stats_users = " + user + "` to pgbouncer.ini (and " + user
                + " with its password to auth_file: the console does not look users up with auth_query) and reload it");
    }

    private static long number(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int integer(Map<String, String> row, String column) {
        return (int) Math.min(Integer.MAX_VALUE, number(row, column));
    }
}
