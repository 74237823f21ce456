package io.niknotes.setup.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.niknotes.setup.check.CheckReport;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;

import java.util.List;

/** Renders findings as text (grouped by area, with cause and fix) or as the {@code check} JSON document. */
public final class FindingsView {
    public static final String CHECK_SCHEMA = "niknotes-setup.check/1";

    private FindingsView() {
    }

    public static void text(Console console, CheckReport report) {
        String area = null;
        // the check column as wide as its longest name (setting.effective_cache_size), so findings stay in line
        int width = report.findings().stream().mapToInt(f -> f.check().length()).max().orElse(0);
        for (Finding f : report.findings()) {
            if (!f.area().equals(area)) {
                area = f.area();
                console.result(console.bold(title(area)));
            }
            console.result("  " + console.paint(f.status(), console.mark(f.status())) + " "
                    + pad(f.check(), width) + " " + f.found());
            if (f.cause() != null) console.result("      " + console.dim("cause: ") + f.cause());
            if (f.fix() != null) console.result("      " + console.dim("fix:   ") + f.fix());
        }
        Status overall = report.overall();
        console.result("");
        console.result(console.paint(overall, console.mark(overall)) + " " + report.count(Status.OK) + " ok, "
                + report.count(Status.WARN) + " warnings, " + report.count(Status.FAIL) + " failed");
    }

    /** The {@code check} document; {@code schema_drift} only when the schema was compared ({@code check --schema}). */
    public record Document(String schema, String command, Status status, int exitCode, List<Item> findings,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Object schemaDrift) {
        public Document withSchemaDrift(Object drift) {
            return new Document(schema, command, status, exitCode, findings, drift);
        }
    }

    /** One finding in a JSON document (no cause or fix when there is none). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String area, String check, Status status, String found, String cause, String fix) {
    }

    public static Document json(String command, CheckReport report) {
        return new Document(CHECK_SCHEMA, command, report.overall(), report.exitCode().code(), json(report.findings()), null);
    }

    public static List<Item> json(List<Finding> findings) {
        return findings.stream().map(f -> new Item(f.area(), f.check(), f.status(), f.found(), f.cause(), f.fix())).toList();
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
