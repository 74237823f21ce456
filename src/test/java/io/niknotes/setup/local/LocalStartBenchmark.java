package io.niknotes.setup.local;

import io.niknotes.setup.support.LocalBinaries;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints how long {@code local start} takes: cold (download from Maven Central, verify, unpack, initdb, start),
 * cold with the artifacts already on disk (a file: mirror), and warm (stop, then start; median). A benchmark:
 * it only fails if starting fails. Run: ./mvnw -B -Pbench verify
 */
@Tag("bench")
class LocalStartBenchmark {
    static final int RUNS = Integer.getInteger("bench.runs", 5);

    @Test
    void coldAndWarmStart(@TempDir Path downloaded, @TempDir Path mirrored) {
        LocalCluster fromCentral = cluster(downloaded, ArtifactFetcher.CENTRAL);
        LocalCluster fromDisk = cluster(mirrored, LocalBinaries.mavenRepositoryUrl());
        try {
            double cold = time(() -> fromCentral.start(LocalCluster.StartOptions.defaults()));
            fromCentral.stop();
            double coldLocal = time(() -> fromDisk.start(LocalCluster.StartOptions.defaults()));
            double[] warm = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                fromDisk.stop();
                warm[i] = time(() -> fromDisk.start(LocalCluster.StartOptions.defaults()));
            }
            Arrays.sort(warm);
            assertThat(fromDisk.status().allRunning()).isTrue();
            System.out.printf(Locale.ROOT, "%nlocal start (PostgreSQL %s + Redis), wall seconds, %d cores%n", Artifact.POSTGRES_VERSION,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "cold, downloading from Maven Central   %6.2f%n", cold);
            System.out.printf(Locale.ROOT, "cold, artifacts already downloaded     %6.2f%n", coldLocal);
            System.out.printf(Locale.ROOT, "warm (stop, start), median of %d        %6.2f%n", RUNS, warm[RUNS / 2]);
        } finally {
            fromCentral.stop();
            fromDisk.stop();
        }
    }

    private static LocalCluster cluster(Path home, String repository) {
        LocalHome h = new LocalHome(home);
        return new LocalCluster(h, Platform.current(), new ArtifactFetcher(h.cache(), repository, line -> { }), line -> { });
    }

    private static double time(Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
