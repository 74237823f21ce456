package io.niknotes.setup.config;

/**
 * A setting that names a server, and where its password may come from besides the URL: carried by the URL it
 * resolved to, so that every message about that connection names the right setting, variable and flag.
 *
 * @param name             the setting (DATABASE_URL, NIKNOTES_ADMIN_URL, DIRECT_URL, REDIS_URL)
 * @param who              whose login it is, in words ("the app role", "the administrator")
 * @param passwordVariable the environment variable that may hold its password, or null
 * @param passwordFileFlag the option naming a file with its password, or null
 * @param start            how to start its server when it does not answer
 */
public record Setting(String name, String who, String passwordVariable, String passwordFileFlag, String start) {
    private static final String START = "start PostgreSQL (or `install.sh --with-services`)";
    public static final Setting APP = new Setting("DATABASE_URL", "the app role", "NIKNOTES_DB_PASSWORD", "--password-file", START);
    public static final Setting ADMIN = new Setting("NIKNOTES_ADMIN_URL", "the administrator", "PGPASSWORD", "--admin-password-file", START);
    /** The server itself when DATABASE_URL goes through a pooler (Prisma's directUrl, Supabase's direct connection). */
    public static final Setting DIRECT = new Setting("DIRECT_URL", "the direct connection", null, null, START);
    public static final Setting REDIS = new Setting("REDIS_URL", "Redis", "REDIS_PASSWORD", null, "start Redis (or `install.sh --with-services`)");

    /** The known setting of that name, else one that only has the name (a URL parsed for a test or a tool). */
    public static Setting named(String name) {
        for (Setting s : new Setting[]{APP, ADMIN, DIRECT, REDIS}) {
            if (s.name.equals(name)) return s;
        }
        return new Setting(name, "user", null, null, START);
    }

    /** The same setting for a server that {@code how} starts (the private cluster: `niknotes-setup local start`). */
    public Setting startedBy(String how) {
        return new Setting(name, who, passwordVariable, passwordFileFlag, how);
    }

    @Override
    public String toString() {
        return name;
    }
}
