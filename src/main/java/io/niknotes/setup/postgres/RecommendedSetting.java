package io.niknotes.setup.postgres;

import java.util.List;

/**
 * A server setting the app's compose file tunes, with the value it recommends and which direction is better.
 *
 * @param name        the GUC name
 * @param recommended the compose file's value, as PostgreSQL writes it
 * @param direction   AT_LEAST: lower is worse; AT_MOST: higher is worse
 */
public record RecommendedSetting(String name, String recommended, Direction direction) {
    public enum Direction { AT_LEAST, AT_MOST }

    /** From the app's compose file, for a 1 GB-class server (APP.md). */
    public static final List<RecommendedSetting> APP = List.of(
            new RecommendedSetting("shared_buffers", "256MB", Direction.AT_LEAST),
            new RecommendedSetting("effective_cache_size", "1GB", Direction.AT_LEAST),
            new RecommendedSetting("work_mem", "16MB", Direction.AT_LEAST),
            new RecommendedSetting("maintenance_work_mem", "128MB", Direction.AT_LEAST),
            new RecommendedSetting("random_page_cost", "1.1", Direction.AT_MOST),
            new RecommendedSetting("effective_io_concurrency", "200", Direction.AT_LEAST),
            new RecommendedSetting("max_parallel_workers_per_gather", "4", Direction.AT_LEAST),
            new RecommendedSetting("max_parallel_workers", "8", Direction.AT_LEAST),
            new RecommendedSetting("wal_buffers", "16MB", Direction.AT_LEAST));

    /** Compares a value given in PostgreSQL's base unit (from pg_settings) with the recommendation. */
    public boolean satisfiedBy(double valueInBaseUnit, double recommendedInBaseUnit) {
        return direction == Direction.AT_LEAST ? valueInBaseUnit >= recommendedInBaseUnit : valueInBaseUnit <= recommendedInBaseUnit;
    }
}
