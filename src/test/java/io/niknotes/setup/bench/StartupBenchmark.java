package io.niknotes.setup.bench;

import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints the median wall time of a JVM hello world, `--version` and `check` (against the suite's PostgreSQL and Redis),
 * through the launcher install.sh writes (its JVM options and the class-data-sharing archive it makes) and through a
 * plain `java -jar`, with each one's ratio to the hello world run with the same JVM options (the median of the ratios
 * within each round). The commands take turns in every round, so machine noise hits them alike. A benchmark: it
 * prints figures and only fails if a command fails.
 * Run: ./mvnw -B -Pbench verify -Dtest=StartupBenchmark
 */
@Tag("bench")
class StartupBenchmark {
    static final int RUNS = Integer.getInteger("bench.runs", 11);

    @TempDir
    Path dir;

    record Row(String name, List<String> launcher, List<String> plain) {
    }

    @Test
    void startup() throws Exception {
        Path jar = ShadedJar.path();
        String java = ShadedJar.java();
        Path launcher = install(jar);
        List<String> options = launcherOptions(launcher);
        Path hello = helloWorldJar();
        TestServers servers = TestServers.get();
        Map<String, String> env = Map.of("NIKNOTES_ADMIN_URL", servers.adminUrl(), "REDIS_URL", servers.redisUrl(),
                "PGPASSFILE", dir.resolve("none").toString(), "NIKNOTES_HOME", dir.resolve("home").toString());

        List<String> helloWithOptions = new ArrayList<>(List.of(java));
        helloWithOptions.addAll(options);
        helloWithOptions.addAll(List.of("-jar", hello.toString()));
        List<Row> rows = List.of(
                new Row("hello world", helloWithOptions, List.of(java, "-jar", hello.toString())),
                new Row("--version", List.of(launcher.toString(), "--version"), List.of(java, "-jar", jar.toString(), "--version")),
                new Row("check", List.of(launcher.toString(), "check"), List.of(java, "-jar", jar.toString(), "check")));
        for (Row row : rows) { // one round not counted: the files in the page cache, the servers awake
            run(row.launcher(), env);
            run(row.plain(), env);
        }
        double[][] launched = new double[rows.size()][RUNS];
        double[][] plain = new double[rows.size()][RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (int r = 0; r < rows.size(); r++) {
                launched[r][i] = run(rows.get(r).launcher(), env);
                plain[r][i] = run(rows.get(r).plain(), env);
            }
        }

        System.out.printf(Locale.ROOT, "%nstart-up, median of %d runs taking turns (wall seconds), JDK %s, %d cores%n", RUNS,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "launcher: %s + its class-data-sharing archive; hello world run with the same options%n",
                String.join(" ", options));
        System.out.printf(Locale.ROOT, "%-12s %10s %16s %10s %16s%n", "", "launcher", "÷ hello world", "java -jar", "÷ hello world");
        for (int r = 0; r < rows.size(); r++) {
            System.out.printf(Locale.ROOT, "%-12s %10.3f %15.2fx %10.3f %15.2fx%n", rows.get(r).name(), median(launched[r]),
                    median(ratios(launched[r], launched[0])), median(plain[r]), median(ratios(plain[r], plain[0])));
        }
    }

    /** Each run's time over the hello world's of the same round: a ratio the machine's drift from round to round leaves alone. */
    private static double[] ratios(double[] runs, double[] helloWorld) {
        double[] r = new double[runs.length];
        for (int i = 0; i < runs.length; i++) r[i] = runs[i] / helloWorld[i];
        return r;
    }

    /** install.sh run for real into a temporary prefix, with the jar under test beside it and this JVM's Java. */
    private Path install(Path jar) throws Exception {
        Path kit = Files.createDirectories(dir.resolve("kit"));
        Files.copy(Path.of("install.sh"), kit.resolve("install.sh"));
        Files.copy(jar, kit.resolve("niknotes-setup.jar"));
        Path prefix = dir.resolve("prefix");
        ProcessBuilder pb = new ProcessBuilder("sh", kit.resolve("install.sh").toString(), "--prefix", prefix.toString())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(prefix.resolve("lib/niknotes-setup/niknotes-setup.jsa")).as(out).exists();
        return prefix.resolve("bin/niknotes-setup");
    }

    /** The JVM options on the launcher's `exec "$JAVA" ... $CDS` line. */
    private static List<String> launcherOptions(Path launcher) throws Exception {
        Matcher m = Pattern.compile("exec \"\\$JAVA\" (.*?) \\$CDS").matcher(Files.readString(launcher));
        assertThat(m.find()).as("the launcher's exec line").isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    private Path helloWorldJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HelloWorld.class.getName());
        Path hello = dir.resolve("hello.jar");
        String entry = HelloWorld.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(hello); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = HelloWorld.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return hello;
    }

    private double run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("NIKNOTES_") || k.equals("DATABASE_URL") || k.equals("DIRECT_URL")
                || k.startsWith("REDIS_") || k.startsWith("PG"));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
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
