package io.niknotes.setup.copy;

import java.util.List;

/** The tables to load, the tables skipped, and what was noticed while matching the two schemas. */
record Plan(List<TablePlan> tables, List<TableResult> skipped, List<Problem> problems, List<Problem> targetNotes,
            List<String> notes, List<ForeignKey> foreignKeys) {
    TablePlan table(String name) {
        for (TablePlan t : tables) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }
}
