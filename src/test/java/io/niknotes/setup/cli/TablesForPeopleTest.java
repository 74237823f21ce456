package io.niknotes.setup.cli;

import io.niknotes.setup.support.Cli;
import io.niknotes.setup.support.StatsFixture;
import io.niknotes.setup.support.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tables sized to their content, and plain ASCII when asked for. */
class TablesForPeopleTest {
    static TestServers servers;
    static StatsFixture db;

    @TempDir
    Path dir;

    @BeforeAll
    static void provision() {
        servers = TestServers.get();
        db = new StatsFixture(servers, "tables_app", "tables_db").create();
    }

    private Cli cli() {
        return new Cli(dir).env("NIKNOTES_ADMIN_URL", servers.adminUrl()).env("DATABASE_URL", db.appUrl()).env("REDIS_URL", servers.redisUrl());
    }

    @Test
    void migrateInfoKeepsEveryColumnInLine() {
        Cli.Result r = cli().run("migrate", "info");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        int by = lines.get(0).indexOf("Installed by");
        int on = lines.get(0).indexOf("Installed on");
        assertThat(by).isPositive();
        for (String line : lines.subList(1, lines.size())) {
            // the installer's name starts under its header, and the timestamp (to the second) ends before it
            assertThat(line.substring(by)).as(r.out()).startsWith(db.user);
            assertThat(line.substring(on, by).strip()).as(r.out()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        }
    }

    @Test
    void findingsStayInLineWhateverTheLengthOfTheirNames() {
        Cli.Result r = cli().run("check", "--verbose");
        List<String> findings = r.out().lines().filter(l -> l.startsWith("  ") && !l.startsWith("      ")).toList();
        assertThat(findings.size()).as(r.out()).isGreaterThan(5);
        // every finding's text starts in the same column: one space after the longest check name
        int column = -1;
        for (String line : findings) {
            String[] parts = line.strip().split(" ", 3);
            int start = line.indexOf(parts[1]) + parts[1].length();
            while (start < line.length() && line.charAt(start) == ' ') start++;
            if (column < 0) column = start;
            assertThat(start).as(r.out()).isEqualTo(column);
        }
    }

    @Test
    void asciiOnlyWhenAskedFor() {
        Cli.Result r = cli().env("NIKNOTES_ASCII", "1").run("stats", "--short");
        assertThat(r.out()).isNotBlank();
        assertThat(r.all().chars().filter(c -> c > 127).count()).as(r.all()).isZero();
        Cli.Result check = cli().env("NIKNOTES_ASCII", "1").run("check");
        assertThat(check.all().chars().filter(c -> c > 127).count()).as(check.all()).isZero();
    }

    @Test
    void aSequenceNeverUsedSaysSo() {
        Cli.Result r = cli().run("stats");
        List<String> sequences = r.out().lines().filter(l -> l.strip().matches("\\S+_seq\\s.*")).toList();
        assertThat(sequences).as(r.out()).isNotEmpty();
        // the fixture's database is freshly migrated: no sequence was ever called
        assertThat(sequences).as(r.out()).allMatch(l -> l.contains("never used") && l.strip().endsWith("0.0%"));
    }
}
