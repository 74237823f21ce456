package io.niknotes.setup.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.outcome.StepResult;

import java.util.List;

/** Renders provisioning steps ({@code init}, {@code migrate}) as text lines or JSON objects. */
public final class StepsView {
    private StepsView() {
    }

    /** @param showStatements print each step's SQL (dry run, or --verbose) */
    public static void text(Console console, List<StepResult> steps, boolean showStatements) {
        int width = Math.max(15, steps.stream().mapToInt(s -> s.step().length()).max().orElse(0));
        for (StepResult s : steps) {
            console.result(console.paint(s.status(), console.mark(s.status())) + " " + pad(s.step(), width) + " "
                    + (s.status() == Status.CHANGED && console.mark(Status.CHANGED).equals(console.mark(Status.OK)) ? "[changed] " : "") + s.detail());
            if (showStatements) s.statements().forEach(sql -> console.result("      " + console.dim(sql + (sql.contains("--") ? "" : ";"))));
            if (s.fix() != null) console.result("      " + console.dim("fix:   ") + s.fix());
        }
    }

    /**
     * The checks as one line, with failures and the warnings that matter to init (reachability, authentication)
     * spelled out below it; every warning with {@code verbose}.
     */
    public static void checks(Console console, List<Finding> findings, boolean verbose) {
        long ok = findings.stream().filter(f -> f.status() == Status.OK).count();
        long warn = findings.stream().filter(f -> f.status() == Status.WARN).count();
        long fail = findings.stream().filter(f -> f.status() == Status.FAIL).count();
        Status overall = fail > 0 ? Status.FAIL : warn > 0 ? Status.WARN : Status.OK;
        console.result(console.paint(overall, console.mark(overall)) + " " + pad("checks", 15) + " " + ok + " ok, " + warn
                + " warnings, " + fail + " failed" + (warn > 0 && !verbose ? " (details: `niknotes-setup check`)" : ""));
        for (Finding f : findings) {
            if (f.status() != Status.WARN && f.status() != Status.FAIL) continue;
            if (f.status() == Status.WARN && !verbose && !f.check().equals("reachable") && !f.check().startsWith("auth")) continue;
            console.result("      " + console.paint(f.status(), console.mark(f.status())) + " " + f.area() + " " + f.check() + ": " + f.found());
            if (f.fix() != null) console.result("        " + console.dim("fix: ") + f.fix());
        }
    }

    /** One step in a JSON document: no statements when none ran, no fix when there is none. */
    public record Step(String step, Status status, String detail,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> statements,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String fix) {
    }

    public static List<Step> json(List<StepResult> steps) {
        return steps.stream().map(s -> new Step(s.step(), s.status(), s.detail(), s.statements(), s.fix())).toList();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
