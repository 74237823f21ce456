package io.niknotes.setup.output;

import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders findings as text (grouped by area, with cause and fix) or as the {@code check} JSON document. */
public final class FindingsView {
    public static final String CHECK_SCHEMA = "niknotes-setup.check/1";

    private FindingsView() {
    }

    public static void text(Console console, CheckReport report) {
        String area = null;
        for (Finding f : report.findings()) {
            if (!f.area().equals(area)) {
                area = f.area();
                console.result(console.bold(title(area)));
            }
            console.result("  " + console.paint(f.status(), console.mark(f.status())) + " "
                    + pad(f.check(), 24) + " " + f.found());
            if (f.cause() != null) console.result("      " + console.dim("cause: ") + f.cause());
            if (f.fix() != null) console.result("      " + console.dim("fix:   ") + f.fix());
        }
        Status overall = report.overall();
        console.result("");
        console.result(console.paint(overall, console.mark(overall)) + " " + report.count(Status.OK) + " ok, "
                + report.count(Status.WARN) + " warnings, " + report.count(Status.FAIL) + " failed");
    }

    public static Map<String, Object> json(String command, CheckReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", CHECK_SCHEMA);
        doc.put("command", command);
        doc.put("status", report.overall().toString());
        doc.put("exit_code", report.exitCode().code());
        doc.put("findings", report.findings().stream().map(FindingsView::json).toList());
        return doc;
    }

    public static Map<String, Object> json(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("area", f.area());
        m.put("check", f.check());
        m.put("status", f.status().toString());
        m.put("found", f.found());
        if (f.cause() != null) m.put("cause", f.cause());
        if (f.fix() != null) m.put("fix", f.fix());
        return m;
    }

    private static String title(String area) {
        return switch (area) {
            case "postgres" -> "PostgreSQL";
            case "redis" -> "Redis";
            case "sqlite" -> "SQLite source";
            case "config" -> "Configuration";
            case "schema" -> "Schema (against the migrations)";
            default -> area;
        };
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    public static List<String> areas(CheckReport report) {
        return report.findings().stream().map(Finding::area).distinct().toList();
    }
}
