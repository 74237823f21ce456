package io.niknotes.setup.provision;

import io.niknotes.setup.outcome.StepResult;
import io.niknotes.setup.config.Settings;

import java.nio.file.Path;

/**
 * Step 5 of {@code init}: copy the SQLite source into the freshly provisioned database. The copy engine lives in
 * another package; {@code cli.Init} holds one of these and the build wires the real engine in.
 */
@FunctionalInterface
public interface SqliteCopyHook {
    /** What this build does without the copy engine: say so, change nothing. */
    SqliteCopyHook NOT_IN_THIS_BUILD = (settings, source, dryRun) -> StepResult.skipped("sqlite-copy",
            "the SQLite copy engine is not in this build: run `niknotes-setup migrate-from-sqlite --sqlite " + source + "` later");

    /**
     * @param settings the resolved settings; {@code settings.app()} carries the app role's password
     * @param source   the SQLite file (it exists)
     */
    StepResult copy(Settings settings, Path source, boolean dryRun);

    /** A source found by default but not confirmed (no --yes): not copied, and said once, in the step. */
    default StepResult unconfirmed(Settings settings, Path source) {
        return StepResult.skipped("sqlite-copy", "found " + source + ": not copied without confirmation (--yes, or --from-sqlite " + source + ")");
    }
}
