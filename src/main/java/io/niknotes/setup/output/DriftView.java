package io.niknotes.setup.output;

import io.niknotes.setup.drift.Drift;
import io.niknotes.setup.drift.DriftReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema comparison as JSON: every difference with what was expected and found, and the SQL that restores it. */
public final class DriftView {
    private DriftView() {
    }

    public static Map<String, Object> json(DriftReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", report.database());
        m.put("schema", report.schema());
        m.put("migrations", report.location());
        m.put("status", report.status().toString());
        m.put("exit_code", report.exitCode().code());
        m.put("millis", report.totalMillis());
        m.put("differences", report.drifts().stream().map(DriftView::json).toList());
        m.put("repair_sql", report.repairSql());
        return m;
    }

    static Map<String, Object> json(Drift d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind());
        m.put("object", d.object());
        m.put("aspect", d.aspect());
        m.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("fails", d.fails());
        m.put("expected", d.expected());
        m.put("found", d.found());
        m.put("repair", d.repair());
        if (d.caveat() != null) m.put("caveat", d.caveat());
        return m;
    }

    public static List<Map<String, Object>> json(List<Drift> drifts) {
        return drifts.stream().map(DriftView::json).toList();
    }
}
