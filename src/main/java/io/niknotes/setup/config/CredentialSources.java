package io.niknotes.setup.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where this run looked for passwords besides the URLs: the {@code .env} file it read (or that none was found, and
 * from where it searched) and the {@code .pgpass} file. Every "no password" message lists these places.
 *
 * @param envFile      the .env file that was read, or null when none was found
 * @param searchedFrom the directory the .env search started in (walking up to the root)
 * @param pgpass       the password file libpq reads (PGPASSFILE, else ~/.pgpass)
 */
public record CredentialSources(Path envFile, Path searchedFrom, Path pgpass) {
    public static final CredentialSources UNKNOWN = new CredentialSources(null, null, null);

    /** The places a password for {@code setting} may come from, as one sentence ending in a fix. */
    public String where(Setting setting) {
        List<String> places = new ArrayList<>();
        places.add(setting.name() + " (" + (setting == Setting.REDIS ? "redis://:PASSWORD@HOST:6379/0" : "postgresql://USER:PASSWORD@HOST:5432/DB") + ")");
        if (setting.passwordVariable() != null) places.add("the environment variable " + setting.passwordVariable());
        places.add(envFile != null ? "the .env file " + envFile + " (read: it holds no password for this)"
                : searchedFrom != null ? "a .env file (none was found in " + searchedFrom + " or above; --env-file names one)"
                : "a .env file (--env-file)");
        if (setting.passwordFileFlag() != null) places.add("a password file (" + setting.passwordFileFlag() + " FILE)");
        if (setting != Setting.REDIS) places.add(pgpass == null ? "~/.pgpass" : pgpass.toString());
        return "give the password in " + String.join(", ", places.subList(0, places.size() - 1)) + " or " + places.get(places.size() - 1)
                + "; on a terminal it is asked for";
    }
}
