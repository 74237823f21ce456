package io.niknotes.setup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's architecture table is true to the code: every package it names exists, each imports only what the
 * table allows, no package imports one that imports it back, and no main source file is over 400 lines.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/niknotes/setup");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.niknotes\\.setup\\.([a-z]+)\\.", Pattern.MULTILINE);

    /** package → the packages of ours it imports (the root package's classes are open to all). */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f.getParent());
                String pkg = rel.toString().isEmpty() ? "(root)" : rel.toString().replace('/', '.');
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) if (!m.group(1).equals(pkg)) deps.add(m.group(1));
            }
        }
        return graph;
    }

    /** The table under "### Architecture": package → allowed imports (null: anything). */
    private static Map<String, Set<String>> documented() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("### Architecture");
        assertThat(start).as("README has an Architecture section").isPositive();
        String section = readme.substring(start, readme.indexOf("\n### ", start + 5) < 0 ? readme.length() : readme.indexOf("\n### ", start + 5));
        Map<String, Set<String>> allowed = new HashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `") || l.startsWith("| (root)")).toList()) {
            String[] cells = line.split("\\|");
            String mayImport = cells[3].strip();
            Set<String> set;
            if (mayImport.startsWith("everything") || mayImport.startsWith("the domain packages")) {
                set = null;
            } else {
                set = new HashSet<>();
                Matcher m = Pattern.compile("`([a-z]+)`").matcher(mayImport);
                while (m.find()) set.add(m.group(1));
            }
            Matcher names = Pattern.compile("`([a-z]+)/`").matcher(cells[1]);
            boolean any = false;
            while (names.find()) {
                allowed.put(names.group(1), set);
                any = true;
            }
            if (!any) allowed.put("(root)", set);
        }
        return allowed;
    }

    @Test
    void everyPackageImportsOnlyWhatTheReadmeAllows() throws IOException {
        Map<String, Set<String>> graph = imports();
        Map<String, Set<String>> allowed = documented();
        assertThat(allowed.keySet()).as("the README's table names every package, and only those").isEqualTo(graph.keySet());
        for (var e : graph.entrySet()) {
            Set<String> may = allowed.get(e.getKey());
            if (may == null) {
                assertThat(e.getValue()).as(e.getKey()).doesNotContain("cli");
                continue;
            }
            assertThat(may).as("%s imports %s; the README allows %s", e.getKey(), e.getValue(), may).containsAll(e.getValue());
        }
    }

    @Test
    void noPackageImportsOneThatImportsItBack() throws IOException {
        Map<String, Set<String>> graph = imports();
        for (String from : graph.keySet()) {
            // everything reachable from `from`: if `from` is among it, there is a cycle through it
            Deque<String> todo = new ArrayDeque<>(graph.get(from));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String p = todo.pop();
                if (!seen.add(p)) continue;
                todo.addAll(graph.getOrDefault(p, Set.of()));
            }
            assertThat(seen).as("a cycle through %s: %s", from, graph).doesNotContain(from);
        }
    }

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> long_ = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readAllLines(p).size() > 400;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertThat(long_).isEmpty();
        }
    }
}
