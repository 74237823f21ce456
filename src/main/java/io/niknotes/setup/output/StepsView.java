package io.niknotes.setup.output;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.outcome.StepResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders provisioning steps ({@code init}, {@code migrate}) as text lines or JSON objects. */
public final class StepsView {
    private StepsView() {
    }

    /** @param showStatements print each step's SQL (dry run, or --verbose) */
    public static void text(Console console, List<StepResult> steps, boolean showStatements) {
        for (StepResult s : steps) {
            console.result(console.paint(s.status(), console.mark(s.status())) + " " + pad(s.step(), 15) + " "
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

    public static List<Map<String, Object>> json(List<StepResult> steps) {
        return steps.stream().map(StepsView::json).toList();
    }

    public static Map<String, Object> json(StepResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step());
        m.put("status", s.status().toString());
        m.put("detail", s.detail());
        if (!s.statements().isEmpty()) m.put("statements", s.statements());
        if (s.fix() != null) m.put("fix", s.fix());
        return m;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
