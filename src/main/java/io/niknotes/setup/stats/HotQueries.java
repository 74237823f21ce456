package io.niknotes.setup.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The app's hot queries (APP.md), explained with sample parameters taken from the data when there is any. Plain
 * EXPLAIN plans without running; with {@code analyze} the SELECTs run too (they only read).
 */
public final class HotQueries {
    static final String NO_ID = "00000000-0000-0000-0000-000000000000";

    /** A hot query: its parameters are named sample values, filled in order. */
    public record Query(String name, String description, String sql, List<String> parameters) {
    }

    public static final List<Query> QUERIES = List.of(
            new Query("trips_of_user", "trips of a user, newest first",
                    "select * from trips where user_id = ? order by created_at desc", List.of("user_id")),
            new Query("trip_by_id", "one trip by id",
                    "select * from trips where id = ?", List.of("trip_id")),
            new Query("travelers_of_trips", "travelers of trips (selectin load)",
                    "select * from travelers where trip_id in (?)", List.of("trip_id")),
            new Query("items_of_trip", "items of a trip in display order",
                    "select * from packing_items where trip_id = ? order by display_order, created_at", List.of("trip_id")),
            new Query("packing_progress", "packing progress of a trip",
                    "select count(*) from packing_items where trip_id = ? and is_packed", List.of("trip_id")),
            new Query("items_by_category", "items by category within a trip",
                    "select * from packing_items where trip_id = ? and category = 'CLOTHING'", List.of("trip_id")),
            new Query("packing_history", "packing history of a user",
                    "select p.* from packing_items p join trips t on t.id = p.trip_id where t.user_id = ? and p.actually_used is not null",
                    List.of("user_id")),
            new Query("search_destination", "search by destination and start date",
                    "select * from trips where destination = ? and start_date >= ? order by start_date", List.of("destination", "start_date")));

    private final Connection conn;
    private final boolean analyze;
    private final ObjectMapper mapper = new ObjectMapper();

    public HotQueries(Connection conn, boolean analyze) {
        this.conn = conn;
        this.analyze = analyze;
    }

    public List<PgReport.HotQuery> explainAll() {
        Samples samples = samples();
        List<PgReport.HotQuery> out = new ArrayList<>();
        for (Query q : QUERIES) out.add(explain(q, samples));
        return out;
    }

    private PgReport.HotQuery explain(Query q, Samples samples) {
        String sql = "explain (" + (analyze ? "analyze, " : "") + "format json) " + q.sql();
        Savepoint sp = null;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (!conn.getAutoCommit()) sp = conn.setSavepoint();
            for (int i = 0; i < q.parameters().size(); i++) ps.setString(i + 1, samples.get(q.parameters().get(i)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                JsonNode root = mapper.readTree(rs.getString(1)).get(0);
                Set<String> indexes = new LinkedHashSet<>();
                Set<String> seq = new LinkedHashSet<>();
                walk(root.get("Plan"), indexes, seq);
                Double actual = root.has("Execution Time") ? root.get("Execution Time").asDouble() : null;
                return new PgReport.HotQuery(q.name(), q.description(), q.sql(), List.copyOf(indexes), List.copyOf(seq),
                        root.get("Plan").get("Total Cost").asDouble(), actual, null);
            }
        } catch (SQLException | IOException e) {
            rollback(sp);
            return new PgReport.HotQuery(q.name(), q.description(), q.sql(), List.of(), List.of(), 0, null,
                    SetupException.firstLine(e.getMessage()));
        }
    }

    /** After a failed statement inside the report's transaction: the rest of the report carries on. */
    private void rollback(Savepoint sp) {
        if (sp == null) return;
        try {
            conn.rollback(sp);
        } catch (SQLException ignored) {
            // the connection is gone: the next statement says so
        }
    }

    private static void walk(JsonNode plan, Set<String> indexes, Set<String> seq) {
        if (plan == null) return;
        String type = plan.path("Node Type").asText();
        if (plan.has("Index Name")) indexes.add(plan.get("Index Name").asText());
        if (type.equals("Seq Scan")) seq.add(plan.path("Relation Name").asText());
        for (JsonNode child : plan.path("Plans")) walk(child, indexes, seq);
    }

    /**
     * Real values for the planner to see realistic selectivity, taken from the planner's own statistics (pg_stats: the
     * most common value, else the first histogram bound) so that explaining reads no table: a scan by {@code stats}
     * would count as the app's. Placeholders when a table was never analyzed.
     */
    private Samples samples() {
        String userId = sample("trips", "user_id");
        String tripId = sample("packing_items", "trip_id");
        if (tripId == null) tripId = sample("trips", "id");
        String destination = sample("trips", "destination");
        String start = sample("trips", "start_date");
        return new Samples(userId == null ? NO_ID : userId, tripId == null ? NO_ID : tripId,
                destination == null ? "Lisbon" : destination, start == null ? "2026-01-01" : start);
    }

    private String sample(String table, String column) {
        String sql = "select coalesce((most_common_vals::text::text[])[1], (histogram_bounds::text::text[])[1]) from pg_stats"
                + " where schemaname = current_schema() and tablename = ? and attname = ?";
        Savepoint sp = null;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (!conn.getAutoCommit()) sp = conn.setSavepoint();
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            rollback(sp);
            return null; // not readable by this role: a placeholder serves the plan just as well
        }
    }

    private record Samples(String userId, String tripId, String destination, String startDate) {
        String get(String name) {
            return switch (name) {
                case "user_id" -> userId;
                case "trip_id" -> tripId;
                case "destination" -> destination;
                case "start_date" -> startDate;
                default -> throw new IllegalArgumentException(name);
            };
        }
    }
}
