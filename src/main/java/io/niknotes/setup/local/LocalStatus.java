package io.niknotes.setup.local;

import java.util.List;

/**
 * What {@code local status} reports. Holds no secrets: the URLs are redacted.
 *
 * @param home         the NIKNOTES_HOME directory
 * @param initialized  whether a cluster exists
 * @param dataBytes    size of the private servers' data on disk
 */
public record LocalStatus(String home, boolean initialized, long dataBytes, List<Server> servers) {
    /**
     * @param uptimeSeconds -1 when not running
     * @param url           redacted, null when never configured
     */
    public record Server(String name, String version, boolean running, Long pid, int port, long uptimeSeconds, String url) {
    }

    public boolean allRunning() {
        return initialized && servers.stream().allMatch(Server::running);
    }
}
