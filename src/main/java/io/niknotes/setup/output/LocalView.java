package io.niknotes.setup.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.niknotes.setup.local.LocalServers;
import io.niknotes.setup.local.LocalStatus;

import java.util.List;

/** The JSON documents of {@code local start|stop|status|destroy}. */
public final class LocalView {
    public static final String SCHEMA = "niknotes-setup.local/1";

    private LocalView() {
    }

    /** One private server as {@code local start} left it. */
    public record Server(String version, int port, String state, @JsonInclude(JsonInclude.Include.NON_NULL) String dataDirectory) {
    }

    /** {@code local start}: no Redis fields with --no-redis; URLs masked unless --show-passwords. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Started(String schema, String action, Server postgresql, String adminUrl, Server redis, String redisUrl) {
    }

    public record Stopped(String schema, String action, List<String> stopped) {
    }

    public record Status(String schema, String action, LocalStatus status) {
    }

    public record Destroyed(String schema, String action, long bytesFreed) {
    }

    public static Started started(LocalServers s, String pgState, String redisState, boolean showPasswords) {
        Server pg = new Server(s.postgresVersion(), s.admin().port(), pgState, s.dataDirectory().toString());
        if (s.redis() == null) return new Started(SCHEMA, "start", pg, url(s, showPasswords), null, null);
        return new Started(SCHEMA, "start", pg, url(s, showPasswords), new Server(s.redisVersion(), s.redis().port(), redisState, null),
                showPasswords ? s.redis().urlWithSecret() : s.redis().redacted());
    }

    private static String url(LocalServers s, boolean showPasswords) {
        return showPasswords ? s.admin().appUrlWithSecret() : s.admin().redacted();
    }

    public static Stopped stopped(List<String> stopped) {
        return new Stopped(SCHEMA, "stop", stopped);
    }

    public static Status status(LocalStatus status) {
        return new Status(SCHEMA, "status", status);
    }

    public static Destroyed destroyed(long bytesFreed) {
        return new Destroyed(SCHEMA, "destroy", bytesFreed);
    }
}
