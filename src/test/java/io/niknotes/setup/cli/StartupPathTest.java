package io.niknotes.setup.cli;

import io.niknotes.setup.config.Environment;
import io.niknotes.setup.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run builds only the commands its arguments need, and that changes nothing it prints. */
class StartupPathTest {
    @TempDir
    Path dir;

    private CommandLine commandLine(String... args) {
        return NikNotesSetup.commandLine(new Environment(Map.of(), dir, dir, false, false), args);
    }

    @Test
    void everyCommandIsRegisteredUnderTheNameItsAnnotationGives() {
        CommandLine all = NikNotesSetup.commandLine(new Environment(Map.of(), dir, dir, false, false));
        assertThat(all.getSubcommands()).hasSize(7);
        all.getSubcommands().forEach((name, sub) ->
                assertThat(sub.getCommandSpec().userObject().getClass().getAnnotation(Command.class).name()).isEqualTo(name));
    }

    @Test
    void aRunOfOneCommandBuildsOnlyThatCommand() {
        assertThat(commandLine("check", "--json").getSubcommands().keySet()).containsExactly("check");
        assertThat(commandLine("migrate", "info").getSubcommands().keySet()).containsExactly("migrate");
        assertThat(commandLine("migrate", "info").getSubcommands().get("migrate").getSubcommands()).containsKey("info");
        assertThat(commandLine("--version").getSubcommands()).isEmpty();
        assertThat(commandLine("-V").getSubcommands()).isEmpty();
        // the top-level help lists them all, the completion script completes them all, a typo gets the nearest names
        for (String[] args : new String[][] {{}, {"--help"}, {"generate-completion"}, {"chek"}, {"--version", "check"}}) {
            assertThat(commandLine(args).getSubcommands()).as(String.join(" ", args)).hasSize(7);
        }
        assertThat(new Cli(dir).run("chek").err()).contains("check");
        assertThat(new Cli(dir).run("--help").out()).contains("migrate-from-sqlite").contains("generate-completion");
    }

    @Test
    void theVersionPrintedWithoutPicocliIsWhatPicocliPrints() {
        StringWriter fast = new StringWriter();
        assertThat(VersionProvider.print(new PrintWriter(fast, true))).isTrue();
        StringWriter picocli = new StringWriter();
        commandLine("--version").printVersionHelp(new PrintWriter(picocli, true));
        assertThat(fast.toString()).isEqualTo(picocli.toString()).startsWith("niknotes-setup ").contains("Java ");
        assertThat(VersionProvider.onlyAsked("--version")).isTrue();
        assertThat(VersionProvider.onlyAsked("-V")).isTrue();
        assertThat(VersionProvider.onlyAsked("check", "--version")).isFalse();
        assertThat(VersionProvider.onlyAsked()).isFalse();
    }
}
