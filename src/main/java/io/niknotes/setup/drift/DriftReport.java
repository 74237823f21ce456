package io.niknotes.setup.drift;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.outcome.StepResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one comparison.
 *
 * @param location       where the migrations came from
 * @param expected       how much the migrations build (for the summary line)
 * @param buildMillis    building the expected schema (the scratch migration)
 * @param totalMillis    everything, both catalogs read and compared
 */
public record DriftReport(String database, String schema, String location, List<Drift> drifts, Counts expected, long buildMillis,
                          long totalMillis) {
    public static final String AREA = "schema";

    public DriftReport {
        drifts = List.copyOf(drifts);
    }

    public record Counts(int tables, int columns, int enums, int constraints, int indexes, int migrations) {
    }

    public boolean failed() {
        return drifts.stream().anyMatch(Drift::fails);
    }

    public ExitCode exitCode() {
        return failed() ? ExitCode.SCHEMA_DRIFT : ExitCode.OK;
    }

    /** Every repair statement in order, behind a bounded lock wait; empty when there is nothing to run. */
    public List<String> repairSql() {
        List<String> sql = new ArrayList<>();
        drifts.stream().filter(Drift::fails).forEach(d -> sql.addAll(d.repair()));
        if (!sql.isEmpty()) sql.add(0, SchemaDrift.LOCK_TIMEOUT);
        return sql;
    }

    /** The differences as check findings: missing and changed fail, extra objects are information, notes warnings. */
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        long failing = drifts.stream().filter(Drift::fails).count();
        String summary = database + "." + schema + " against the migrations in " + location + " (" + expected.tables() + " tables, "
                + expected.columns() + " columns, " + expected.enums() + " enums, " + expected.constraints() + " constraints, "
                + expected.indexes() + " indexes; compared in " + totalMillis + " ms)";
        findings.add(failing == 0 ? Finding.ok(AREA, "drift", "no drift: " + summary)
                : Finding.fail(AREA, "drift", failing + " difference" + (failing == 1 ? "" : "s") + ": " + summary,
                "the schema was changed after the migrations ran, or made by another tool",
                "review the differences below, then run `niknotes-setup migrate repair-schema --dry-run` and `migrate repair-schema`",
                ExitCode.SCHEMA_DRIFT));
        for (Drift d : drifts) {
            String check = d.kind() + " " + d.object();
            String found = d.aspect() + ": " + (d.expected() == null ? "" : "expected " + d.expected() + ", ")
                    + (d.found() == null ? "not found" : "found " + d.found());
            String fix = d.repair().isEmpty() ? null : String.join("; ", d.repair());
            findings.add(switch (d.severity()) {
                case MISSING, CHANGED -> Finding.fail(AREA, check, found, fix == null ? null : d.caveat(), fix == null ? d.caveat() : fix,
                        ExitCode.SCHEMA_DRIFT);
                case EXTRA -> Finding.info(AREA, check, "extra (not in the migrations; kept): " + d.found());
                case NOTE -> Finding.warn(AREA, check, d.found(), null, d.caveat());
            });
        }
        return findings;
    }

    public Status status() {
        return failed() ? Status.FAIL : Status.OK;
    }

    /** The {@code schema} step of init: the run proves its own result. */
    public StepResult step() {
        if (!failed()) return StepResult.ok("schema", "no drift from the migrations (" + totalMillis + " ms)");
        return StepResult.fail("schema", differences(), "see `niknotes-setup check --schema`; `niknotes-setup migrate repair-schema "
                + "--dry-run` prints the repair", ExitCode.SCHEMA_DRIFT).withStatements(repairSql());
    }

    /** The failing differences in one line: "3 differences from the migrations: index x missing, …". */
    public String differences() {
        List<Drift> failing = drifts.stream().filter(Drift::fails).toList();
        String head = failing.size() + " difference" + (failing.size() == 1 ? "" : "s") + " from the migrations: ";
        if (failing.size() <= 6) return head + String.join(", ", failing.stream().map(d -> d.kind() + " " + d.object() + " " + d.aspect()).toList());
        Map<String, Long> byKind = failing.stream().collect(Collectors.groupingBy(d -> d.kind() + " " + d.aspect(), LinkedHashMap::new,
                Collectors.counting()));
        return head + String.join(", ", byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }
}
