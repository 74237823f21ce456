package io.niknotes.setup.cli;

import io.niknotes.setup.config.Environment;
import io.niknotes.setup.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HelpTest {
    @TempDir
    Path dir;

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().usageMessage().hidden()) return;
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }

    private static final List<String> SHARED = List.of("--database-url", "--admin-url", "--password-file", "--admin-password-file",
            "--connect-timeout", "--env-file", "--redis-url", "--require-redis", "--json", "--quiet", "--verbose", "--no-color",
            "--help", "--version");

    /** The command's own options first, then the shared ones in one order, whatever the command. */
    private static void assertOneOptionOrder(String help, String where) {
        List<String> listed = help.lines().filter(l -> l.matches("  (-\\w, )?--[a-z-]+.*"))
                .map(l -> l.replaceAll("^  (-\\w, )?(--[a-z-]+).*$", "$2")).toList();
        List<String> shared = listed.stream().filter(SHARED::contains).toList();
        assertThat(shared).as(where).isSortedAccordingTo(java.util.Comparator.comparingInt(SHARED::indexOf));
        if (!shared.isEmpty()) {
            int firstShared = listed.indexOf(shared.get(0));
            assertThat(listed.subList(firstShared, listed.size())).as(where + ": the command's own options come first").allMatch(SHARED::contains);
        }
    }

    /** Each example's command line names only commands and options that exist: it parses. */
    private void assertExamplesParse(String help, String where) {
        String section = help.substring(help.indexOf("Examples"));
        int end = section.indexOf(System.lineSeparator() + System.lineSeparator());
        List<String> lines = section.substring(0, end < 0 ? section.length() : end).lines().skip(1).map(String::strip).toList();
        String joined = String.join("\n", lines).replace("\\\n", " ");
        int parsed = 0;
        for (String line : joined.split("\n")) {
            if (line.startsWith("#")) continue;
            for (String command : line.split("&&")) {
                String c = command.replaceAll("[<>].*$", "").strip();
                assertThat(c).as(where + ": " + line).startsWith("niknotes-setup");
                String[] args = c.substring("niknotes-setup".length()).strip().split("\\s+");
                CommandLine cl = NikNotesSetup.commandLine(new Environment(Map.of(), dir, dir, false, false));
                if (args.length == 1 && args[0].isEmpty()) args = new String[0];
                try {
                    cl.parseArgs(args);
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError(where + ": the example `" + c + "` does not parse: " + e.getMessage(), e);
                }
                parsed++;
            }
        }
        assertThat(parsed).as(where).isPositive();
    }

    @Test
    void everyCommandAnswersHelpWithItsEnvironmentVariables() {
        List<List<String>> commands = new ArrayList<>();
        collect(NikNotesSetup.commandLine(new Environment(Map.of(), dir, dir, false, false)), List.of(), commands);
        assertThat(commands.size()).isGreaterThan(8);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Cli.Result r = new Cli(dir).run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: niknotes-setup");
            // every help fits an 80-column terminal (the width used when the terminal's is unknown) and shows examples
            assertThat(r.out().lines().filter(l -> l.length() > 80).toList()).as(String.join(" ", args)).isEmpty();
            assertThat(r.out()).as(String.join(" ", args)).contains("Examples");
            assertExamplesParse(r.out(), String.join(" ", args));
            assertOneOptionOrder(r.out(), String.join(" ", args));
        }
        // URLs and paths are never broken across lines
        assertThat(new Cli(dir).run("check", "--help").out()).contains("postgresql://niknotes_user@localhost:5432/niknotes_db")
                .contains("redis://localhost:6379/0");
        assertThat(new Cli(dir).run("migrate-from-sqlite", "--help").out()).contains("./niknotes-rejects.jsonl");
        Cli.Result check = new Cli(dir).run("check", "--help");
        assertThat(check.out()).contains("env: DATABASE_URL").contains("env: NIKNOTES_ADMIN_URL").contains("env: REDIS_URL");
    }
}
