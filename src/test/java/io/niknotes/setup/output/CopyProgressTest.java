package io.niknotes.setup.output;

import io.niknotes.setup.copy.TableResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CopyProgressTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Console console(Console.Verbosity v) {
        return new Console(new PrintWriter(out, true), new PrintWriter(err, true), false, false, v);
    }

    @Test
    void terminalRedrawsOneLineAndClearsItBeforeOtherOutput() {
        CopyProgress p = new CopyProgress(console(Console.Verbosity.NORMAL), true, false);
        p.tableStarted("packing_items", 1000);
        p.tableProgress("packing_items", 500);
        assertThat(err.toString()).contains("\r\u001b[2Kpacking_items [#####-----] 50% 500/1,000");
        p.tableFinished(new TableResult("packing_items", TableResult.Status.COPIED, 1000, 990, 10, 0, 1.5, null, null));
        assertThat(err.toString()).endsWith("\r\u001b[2K  packing_items loaded 990 row(s), 10 rejected in 1.5 s" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void notATerminalGivesPlainLinesAndQuietGivesNone() {
        CopyProgress plain = new CopyProgress(console(Console.Verbosity.NORMAL), false, false);
        plain.phase("loading 5 table(s)");
        plain.tableStarted("users", 10);
        plain.tableProgress("users", 5);
        plain.tableFinished(new TableResult("users", TableResult.Status.COPIED, 10, 10, 0, 0, 0.2, null, null));
        // this console has Unicode off: "…" is written "..."
        assertThat(err.toString()).doesNotContain("\u001b").doesNotContain("\r").contains("loading 5 table(s) ...").contains("users loaded 10 row(s)");
        err.getBuffer().setLength(0);
        CopyProgress quiet = new CopyProgress(console(Console.Verbosity.QUIET), true, true);
        quiet.phase("x");
        quiet.tableStarted("users", 10);
        quiet.tableProgress("users", 5);
        quiet.done();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyRedrawIsShorterThanTheTerminalAtAnyWidth() {
        for (int width = 10; width <= 200; width += 7) {
            err.getBuffer().setLength(0);
            int columns = width;
            CopyProgress p = new CopyProgress(console(Console.Verbosity.NORMAL), true, false, () -> columns);
            p.tableStarted("packing_items", 3_000_000);
            p.tableStarted("audit_logs", 40_000);
            p.tableStarted("travelers", 276);
            p.tableProgress("packing_items", 1_234_567);
            String drawn = err.toString();
            assertThat(drawn).startsWith("\r\u001b[2K");
            String visible = drawn.substring("\r\u001b[2K".length());
            assertThat(visible.length()).as("at %d columns: %s", width, visible).isLessThan(width);
            // every running table is named while there is room for the short form
            if (width >= 70) assertThat(visible).contains("packing_items").contains("audit_logs").contains("travelers");
            if (width >= 180) assertThat(visible).contains("[####");
        }
    }

    @Test
    void aWarningWhileTheLineIsDrawnStartsOnALineOfItsOwn() {
        Console c = console(Console.Verbosity.NORMAL);
        CopyProgress p = new CopyProgress(c, true, false, () -> 80);
        p.tableStarted("packing_items", 1000);
        p.tableProgress("packing_items", 500);
        c.warn("SIGINT received: stopping the copy");
        // the drawn line is cleared before the warning, and only once
        assertThat(err.toString()).contains("packing_items [#####-----] 50%")
                .endsWith("\r\u001b[2K[warn] SIGINT received: stopping the copy" + System.lineSeparator());
        assertThat(err.toString().split("\u001b\\[2K", -1)).hasSize(3); // drawn once, cleared once
        p.done();
        assertThat(err.toString()).endsWith("[warn] SIGINT received: stopping the copy" + System.lineSeparator());
    }
}
