package io.niknotes.setup.stats;

import java.util.ArrayList;
import java.util.List;

/** Which indexes another index makes redundant: same table and method, its columns a leading prefix of the other's. */
final class Indexes {
    private Indexes() {
    }

    static List<PgReport.Index> markCovered(List<PgReport.Index> indexes) {
        List<PgReport.Index> out = new ArrayList<>(indexes.size());
        for (PgReport.Index a : indexes) {
            String by = null;
            for (PgReport.Index b : indexes) {
                if (covers(b, a)) {
                    by = b.name();
                    break;
                }
            }
            out.add(by == null ? a : a.withCoveredBy(by));
        }
        return out;
    }

    /**
     * Whether {@code b} serves every lookup {@code a} serves, so that {@code a} only costs writes and space. Unique and
     * constraint indexes enforce something and are never redundant; partial and expression indexes are not compared.
     * Of two identical indexes the one whose name sorts last is called the duplicate.
     */
    static boolean covers(PgReport.Index b, PgReport.Index a) {
        if (a == b || a.name().equals(b.name()) || !a.table().equals(b.table()) || !a.method().equals(b.method())) return false;
        if (!"btree".equals(a.method()) && a.columns().size() != b.columns().size()) return false;
        if (a.enforcing() || a.partial() || b.partial() || a.columns().isEmpty() || b.columns().isEmpty() || !b.valid()) return false;
        if (a.columns().size() > b.columns().size()) return false;
        if (!b.columns().subList(0, a.columns().size()).equals(a.columns())) return false;
        if (a.columns().size() == b.columns().size() && !b.enforcing()) return a.name().compareTo(b.name()) > 0;
        return true;
    }
}
