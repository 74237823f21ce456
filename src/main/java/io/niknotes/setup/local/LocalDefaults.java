package io.niknotes.setup.local;

import io.niknotes.setup.config.DatabaseUrl;
import io.niknotes.setup.config.Settings;
import io.niknotes.setup.config.Setting;

/**
 * The private servers of {@code niknotes-setup local} as the configuration's servers. With {@code init --local}
 * always; otherwise when a private cluster exists for this user and nothing (.env, environment, flag) names an
 * administrator: its superuser (the password from its owner-only state) becomes NIKNOTES_ADMIN_URL, an app URL that
 * is not named moves onto it, and so does a Redis URL that is not named. An app URL named on another server keeps
 * its own server (and the usual default administrator).
 */
public final class LocalDefaults {
    /** What the fix of an unreachable private server says. */
    public static final String START = "start the private servers: `niknotes-setup local start`";

    private LocalDefaults() {
    }

    /** {@code init --local}: the administrator, the app's host and port, and Redis are the private servers. */
    public static Settings on(Settings settings, LocalServers servers) {
        DatabaseUrl admin = servers.admin().as(privately(Setting.ADMIN));
        Settings onLocal = settings.withAdmin(admin).withApp(settings.app().at(admin).as(privately(Setting.APP)))
                .withOrigin("NIKNOTES_ADMIN_URL", "the private cluster");
        return servers.redis() == null ? onLocal
                : onLocal.withRedis(servers.redis().as(privately(Setting.REDIS))).withOrigin("REDIS_URL", "the private cluster");
    }

    /** The settings with the private cluster in the places nothing named; null when the cluster does not apply. */
    public static Settings byDefault(Settings settings, LocalServers servers) {
        if (servers == null || settings.named("NIKNOTES_ADMIN_URL")) return null;
        DatabaseUrl admin = servers.admin();
        boolean appNamed = settings.named("DATABASE_URL");
        if (appNamed && !onCluster(settings.app(), admin)) return null;
        Settings s = settings.withAdmin(admin.as(privately(Setting.ADMIN))).withOrigin("NIKNOTES_ADMIN_URL", "the private cluster")
                .withApp((appNamed ? settings.app() : settings.app().at(admin)).as(privately(Setting.APP)));
        if (!settings.named("REDIS_URL") && servers.redis() != null) {
            s = s.withRedis(servers.redis().as(privately(Setting.REDIS))).withOrigin("REDIS_URL", "the private cluster");
        }
        return s;
    }

    private static boolean onCluster(DatabaseUrl app, DatabaseUrl admin) {
        boolean loopback = app.host().equals("127.0.0.1") || app.host().equals("localhost") || app.host().equals("::1");
        return loopback && app.port() == admin.port();
    }

    private static Setting privately(Setting s) {
        return s.startedBy(START);
    }
}
