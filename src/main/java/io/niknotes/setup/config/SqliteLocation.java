package io.niknotes.setup.config;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the SQLite source is, by one rule that check, init and migrate-from-sqlite share: the command's own option,
 * else the app's {@code DATABASE_URL=sqlite:///…}, else {@code ./niknotes.db}.
 *
 * @param file    the file (it may not exist)
 * @param namedBy what named it, for messages: the option, "DATABASE_URL" or "the default ./niknotes.db"
 * @param usage   how this command is given a file, for the fix ("--sqlite PATH", "--from-sqlite PATH", …)
 */
public record SqliteLocation(Path file, String namedBy, String usage) {
    public static final String DEFAULT = "the default ./niknotes.db";

    public static SqliteLocation find(Environment environment, Settings settings, Path option, String optionName, String usage) {
        if (option != null) return new SqliteLocation(environment.resolve(option.toString()), optionName, usage);
        if (settings.sqliteSource() != null) return new SqliteLocation(settings.sqliteSource(), "DATABASE_URL", usage);
        return new SqliteLocation(environment.workingDirectory().resolve("niknotes.db"), DEFAULT, usage);
    }

    /** Named by an option or DATABASE_URL (a missing file is an error then), rather than the default. */
    public boolean explicit() {
        return !namedBy.equals(DEFAULT);
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The file, or SOURCE_INVALID with the same message in every command when it is missing or a directory. */
    public Path require() {
        if (Files.isDirectory(file)) {
            throw new SetupException(ExitCode.SOURCE_INVALID, file + " (" + namedBy + ") is a directory, not a SQLite file",
                    "name the file itself" + (Files.isRegularFile(file.resolve("niknotes.db")) ? ", e.g. " + file.resolve("niknotes.db") : "")
                            + " (" + usage + ")");
        }
        if (!Files.exists(file)) {
            throw new SetupException(ExitCode.SOURCE_INVALID, "the SQLite file " + file + " (" + namedBy + ") does not exist",
                    "give the app's niknotes.db (" + usage + "), set DATABASE_URL=sqlite:///PATH as the app does, or run from the app's directory");
        }
        return file;
    }
}
