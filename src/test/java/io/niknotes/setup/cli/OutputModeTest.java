package io.niknotes.setup.cli;

import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.config.Environment;
import io.niknotes.setup.output.Console;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutputModeTest {
    private static Environment env(Map<String, String> vars, boolean tty) {
        return new Environment(vars, Path.of("."), Path.of("."), tty, tty);
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrJson() {
        OutputOptions plain = new OutputOptions();
        assertThat(Invocation.colourWanted(env(Map.of(), true), plain)).isTrue();
        assertThat(Invocation.colourWanted(env(Map.of(), false), plain)).isFalse();
        assertThat(Invocation.colourWanted(env(Map.of("NO_COLOR", "1"), true), plain)).isFalse();
        OutputOptions json = new OutputOptions();
        json.json = true;
        assertThat(Invocation.colourWanted(env(Map.of(), true), json)).isFalse();
        OutputOptions noColor = new OutputOptions();
        noColor.noColor = true;
        assertThat(Invocation.colourWanted(env(Map.of(), true), noColor)).isFalse();
    }

    @Test
    void marksHaveAnAsciiFallbackAndColourIsAnsi() {
        StringWriter sw = new StringWriter();
        Console ascii = new Console(new PrintWriter(sw), new PrintWriter(sw), false, false, Console.Verbosity.NORMAL);
        assertThat(ascii.mark(Status.OK)).isEqualTo("[ok]");
        assertThat(ascii.mark(Status.FAIL)).isEqualTo("[FAIL]");
        assertThat(ascii.paint(Status.FAIL, "x")).isEqualTo("x");
        Console colour = new Console(new PrintWriter(sw), new PrintWriter(sw), true, true, Console.Verbosity.NORMAL);
        assertThat(colour.mark(Status.WARN)).isEqualTo("⚠");
        assertThat(colour.paint(Status.FAIL, "x")).startsWith("\u001b[").contains("x");
    }

    @Test
    void quietHidesInfoButNotResultsOrWarnings() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console quiet = new Console(new PrintWriter(out), new PrintWriter(err), false, false, Console.Verbosity.QUIET);
        quiet.info("progress");
        quiet.warn("careful");
        quiet.result("answer");
        assertThat(err.toString()).doesNotContain("progress").contains("careful");
        assertThat(out.toString()).contains("answer");
    }
}
