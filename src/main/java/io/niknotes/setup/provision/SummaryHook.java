package io.niknotes.setup.provision;

import io.niknotes.setup.config.Settings;

import java.util.List;

/**
 * Step 8 of {@code init}: the statistics printed after the summary (tables, row counts, cache figures). The stats
 * engine lives in another package; {@code cli.Init} holds one of these and the build wires the real one in.
 */
@FunctionalInterface
public interface SummaryHook {
    /** Without the stats engine: nothing beyond the summary. */
    SummaryHook NONE = settings -> List.of();

    /** Lines of statistics, already in words; never secrets. */
    List<String> statistics(Settings settings);
}
