package io.niknotes.setup.bench;

import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints the median wall time of `--version` and of `check` against local servers, for the plain JVM and for
 * the launcher's settings (C1 only, serial GC, an AppCDS archive made like install.sh makes it). A benchmark:
 * it prints figures and only fails if the tool itself fails. Run: ./mvnw -B -Pbench verify
 */
@Tag("bench")
class StartupBenchmark {
    static final int RUNS = Integer.getInteger("bench.runs", 11);

    @TempDir
    Path dir;

    @Test
    void startup() throws Exception {
        Path jar = ShadedJar.path();
        TestServers servers = TestServers.get();
        Map<String, String> env = Map.of("NIKNOTES_ADMIN_URL", servers.adminUrl(), "REDIS_URL", servers.redisUrl(),
                "PGPASSFILE", dir.resolve("none").toString());
        String java = ShadedJar.java();
        Path jsa = dir.resolve("app.jsa");
        run(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off",
                "-jar", jar.toString(), "check"), env);
        assertThat(jsa).exists();

        List<String> plain = List.of(java, "-jar", jar.toString());
        List<String> launcher = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-XX:SharedArchiveFile=" + jsa,
                "-Xlog:cds=off", "-jar", jar.toString());
        System.out.printf(Locale.ROOT, "%nstartup, median of %d runs (wall seconds), JDK %s, %d cores%n", RUNS,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-12s %10s %22s %8s%n", "command", "plain JVM", "launcher (C1+CDS)", "ratio");
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"check"})) {
            // interleave the two variants so that machine noise hits both alike
            double[] a = new double[RUNS];
            double[] b = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                a[i] = run(concat(plain, args), env);
                b[i] = run(concat(launcher, args), env);
            }
            double ma = median(a);
            double mb = median(b);
            System.out.printf(Locale.ROOT, "%-12s %10.3f %22.3f %8.2f%n", String.join(" ", args), ma, mb, ma / mb);
        }
    }

    private static List<String> concat(List<String> base, String[] args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(args));
        return all;
    }

    private static double run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(code).as(String.join(" ", command)).isZero();
        return seconds;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
