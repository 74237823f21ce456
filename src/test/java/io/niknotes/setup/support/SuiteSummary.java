package io.niknotes.setup.support;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Printed at the end of {@code ./mvnw verify} (the pom runs it in the verify phase, after both test executions): where
 * the suite's time went (the slowest test classes and, in each, its slowest test), which tests were skipped and why,
 * and the seed of the random test order. Reads the surefire reports of this build only (those written after it
 * started). With {@code -Dniknotes.tests.skips=fail} (CI) a skipped test fails the build: CI's machine can run them all.
 *
 * <p>Arguments: the reports directory, the build's start (Maven's build timestamp, yyMMddHHmmss UTC), the order seed, the
 * skips policy.
 */
public final class SuiteSummary {
    private static final int SLOWEST = 10;

    record Case(String name, double seconds, String skipped) {
    }

    record Suite(String name, double seconds, List<Case> cases) {
        Case slowest() {
            return cases.stream().max(Comparator.comparingDouble(Case::seconds)).orElse(null);
        }
    }

    private SuiteSummary() {
    }

    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args[0]);
        long since = args.length > 1 && args[1].matches("\\d{12}")
                ? LocalDateTime.parse(args[1], DateTimeFormatter.ofPattern("yyMMddHHmmss")).toInstant(ZoneOffset.UTC).toEpochMilli() - 1_000
                : 0;
        String seed = args.length > 2 ? args[2] : "";
        boolean failOnSkips = args.length > 3 && "fail".equals(args[3]);
        List<Suite> suites = read(reports, since);
        if (suites.isEmpty()) {
            System.out.println("[summary] no test reports of this build in " + reports);
            return;
        }
        List<String> lines = new ArrayList<>(slowest(suites));
        List<String> skipped = skipped(suites);
        lines.add(skipped.isEmpty() ? "Skipped tests: none" : "Skipped tests (" + skipped.size() + "):");
        lines.addAll(skipped);
        lines.add("Random test order seed: " + seed + " (the same order again: -Dsurefire.runOrder.random.seed=" + seed + ")");
        lines.forEach(l -> System.out.println("[summary] " + l));
        if (failOnSkips && !skipped.isEmpty()) {
            throw new IllegalStateException(skipped.size() + " test(s) skipped, and -Dniknotes.tests.skips=fail says this machine"
                    + " must run them all: install what the reasons above name (.ci/run does it on Debian)");
        }
    }

    static List<String> slowest(List<Suite> suites) {
        double total = suites.stream().mapToDouble(Suite::seconds).sum();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Slowest test classes (of %d; %.1f s in all, summed over parallel forks):", suites.size(), total));
        suites.stream().sorted(Comparator.comparingDouble(Suite::seconds).reversed()).limit(SLOWEST).forEach(s -> {
            Case slow = s.slowest();
            lines.add(String.format(Locale.ROOT, "  %6.1f s  %s  (%d tests%s)", s.seconds(), s.name().replace("io.niknotes.setup.", ""),
                    s.cases().size(), slow == null ? "" : String.format(Locale.ROOT, "; slowest %s %.1f s", slow.name(), slow.seconds())));
        });
        return lines;
    }

    static List<String> skipped(List<Suite> suites) {
        List<String> lines = new ArrayList<>();
        for (Suite s : suites) {
            for (Case c : s.cases()) {
                if (c.skipped() != null) lines.add("  " + s.name().replace("io.niknotes.setup.", "") + "." + c.name() + ": " + c.skipped());
            }
        }
        return lines;
    }

    static List<Suite> read(Path reports, long since) throws Exception {
        if (!Files.isDirectory(reports)) return List.of();
        List<Path> files;
        try (Stream<Path> s = Files.list(reports)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml"))
                    .filter(p -> modified(p) >= since).sorted().toList();
        }
        List<Suite> suites = new ArrayList<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path file : files) {
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            Element suite = doc.getDocumentElement();
            List<Case> cases = new ArrayList<>();
            NodeList testcases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element c = (Element) testcases.item(i);
                NodeList skip = c.getElementsByTagName("skipped");
                String reason = skip.getLength() == 0 ? null : ((Element) skip.item(0)).getAttribute("message");
                cases.add(new Case(c.getAttribute("name"), seconds(c.getAttribute("time")),
                        reason == null ? null : reason.isBlank() ? "(no reason given)" : reason));
            }
            suites.add(new Suite(suite.getAttribute("name"), seconds(suite.getAttribute("time")), cases));
        }
        return suites;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double seconds(String time) {
        try {
            return Double.parseDouble(time.replace(",", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
