package io.niknotes.setup.cli;

import io.niknotes.setup.support.CopyFixtures;
import io.niknotes.setup.support.ShadedJar;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copy's progress in a real terminal (tmux, a real pseudo-terminal of a known width): two tables loading at once
 * never draw a line wider than the terminal, and nothing of the progress stays on the screen afterwards. tmux must be
 * installed (.ci/run installs it); without it this test fails rather than skips.
 */
@Tag("jar")
class TerminalProgressJarTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void twoTablesLoadingAtOnceFitTheTerminalAndLeaveNothingBehind(int width) throws Exception {
        TestServers.get();
        String db = CopyFixtures.newDatabase("progress_" + width);
        Path file = CopyFixtures.sampleCopy(dir, "niknotes.db");
        // two big tables, so that both load at once for a few seconds
        CopyFixtures.sqlite(file,
                "with recursive g(value) as (select 1 union all select value + 1 from g where value < 20)"
                        + " insert into packing_items select printf('gen-%d-%s', g.value, p.id), p.trip_id, p.name, p.category, p.quantity, p.is_packed,"
                        + " p.is_essential, p.notes, p.ai_suggested, p.actually_used, p.display_order, p.created_at, p.updated_at"
                        + " from packing_items p, g",
                "with recursive g(value) as (select 1 union all select value + 1 from g where value < 200)"
                        + " insert into audit_logs (timestamp, event_type, event_category, severity, user_id, username, ip_address, user_agent,"
                        + " request_method, request_path, action, resource_type, resource_id, changes, metadata, success, error_message,"
                        + " session_id) select a.timestamp, a.event_type, a.event_category, a.severity, a.user_id, a.username, a.ip_address,"
                        + " a.user_agent, a.request_method, a.request_path, a.action, a.resource_type, a.resource_id, a.changes, a.metadata,"
                        + " a.success, a.error_message, a.session_id from audit_logs a, g");
        // the password reaches the tool through .env, never the command line (the process list)
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=" + CopyFixtures.appUrl(db) + "\n");
        String session = "progress" + width + "_" + ProcessHandle.current().pid();
        String command = "cd '" + dir + "' && '" + ShadedJar.java() + "' -Xmx256m -jar '" + ShadedJar.path() + "' migrate-from-sqlite --jobs 2"
                + "; echo EXIT=$?; sleep 600";
        tmux("new-session", "-d", "-s", session, "-x", String.valueOf(width), "-y", "50", "-e", "NO_COLOR=", "-e", "COLUMNS=",
                "-e", "NIKNOTES_HOME=" + dir.resolve("no-such-niknotes-home"), command);
        try {
            List<String> screens = new ArrayList<>();
            String screen = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline && !screen.contains("EXIT=")) {
                Thread.sleep(100);
                screen = tmux("capture-pane", "-p", "-J", "-t", session);
                screens.add(screen);
            }
            assertThat(screen).as(screen).contains("EXIT=0");
            boolean sawTwoAtOnce = false;
            for (String s : screens) {
                for (String line : s.lines().filter(l -> l.matches(".*\\d+% .*") || l.contains("rows/s")).toList()) {
                    // -J joins wrapped lines: a joined progress line wider than the terminal is one that wrapped
                    assertThat(line.length()).as("a progress line wider than %d columns:%n%s", width, s).isLessThanOrEqualTo(width);
                    if (line.contains("packing_items") && line.contains("audit_logs") && line.contains("%")) sawTwoAtOnce = true;
                }
            }
            assertThat(sawTwoAtOnce).as("a redraw showed both tables loading at once").isTrue();
            // nothing of the progress is left: no percentages, rates or ETAs on the final screen
            assertThat(screen).doesNotContain("rows/s").doesNotContain("ETA").doesNotContainPattern("\\d+% ");
            assertThat(screen).contains("packing_items loaded").contains("audit_logs loaded");
            // the result table fits too (-J: a row that wrapped is one longer than the terminal)
            List<String> rows = screen.lines().dropWhile(l -> !l.startsWith("  table ")).takeWhile(l -> !l.startsWith("  rebuilt")).toList();
            assertThat(rows).as(screen).anyMatch(l -> l.startsWith("  total ")).allMatch(l -> l.length() <= width);
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("tmux is needed for the terminal tests (apt-get install tmux; .ci/run installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        if (p.exitValue() != 0 && !args[0].equals("kill-session")) throw new AssertionError("tmux " + String.join(" ", args) + ": " + out);
        return out;
    }
}
