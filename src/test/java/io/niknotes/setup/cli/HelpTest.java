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
        }
        Cli.Result check = new Cli(dir).run("check", "--help");
        assertThat(check.out()).contains("env: DATABASE_URL").contains("env: NIKNOTES_ADMIN_URL").contains("env: REDIS_URL");
    }
}
