package io.niknotes.setup.sqlite;

import java.util.List;

/**
 * The query for child keys with no parent row, compared by SQLite as the app did (affinities, collations). When
 * the child's key columns are plain text (TEXT affinity, no COLLATE), equal values are equal bytes, so the
 * distinct values are taken first (read from the child's index when it has one, in order) and the parent is probed
 * once per value rather than once per row; otherwise every row is probed. Aliases keep a child key from binding to
 * a parent column of the same name and make self-references work. One result column per key column, as text.
 */
final class OrphanQuery {
    private OrphanQuery() {
    }

    static String sql(SqliteTable child, List<String> childColumns, String parent, List<String> parentColumns) {
        String c = SqliteSource.quote(child.name());
        String p = SqliteSource.quote(parent);
        // TEXT affinity and no COLLATE anywhere in the table: DISTINCT compares bytes
        boolean plainText = !child.sql().contains("collate") && childColumns.stream().allMatch(col -> child.affinity(col) == Affinity.TEXT);
        StringBuilder keys = new StringBuilder();
        StringBuilder text = new StringBuilder();
        StringBuilder notNull = new StringBuilder();
        StringBuilder join = new StringBuilder();
        for (int i = 0; i < childColumns.size(); i++) {
            String cc = "child_." + SqliteSource.quote(childColumns.get(i));
            String key = plainText ? "s.k" + i : cc;
            keys.append(i == 0 ? "" : ", ").append(cc).append(" as k").append(i);
            text.append(i == 0 ? "" : ", ").append("cast(").append(key).append(" as text)");
            notNull.append(i == 0 ? "" : " and ").append(cc).append(" is not null");
            join.append(i == 0 ? "" : " and ").append("parent_.").append(SqliteSource.quote(parentColumns.get(i))).append(" = ").append(key);
        }
        String missing = "not exists (select 1 from " + p + " as parent_ where " + join + ")";
        return plainText
                ? "select " + text + " from (select distinct " + keys + " from " + c + " as child_ where " + notNull + ") as s where " + missing
                : "select distinct " + text + " from " + c + " as child_ where " + notNull + " and " + missing;
    }
}
