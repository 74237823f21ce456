package io.niknotes.setup.provision;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Updates the app's {@code .env}: the given keys are replaced in place (keeping an {@code export} prefix) or
 * appended; every other line and comment stays as it was. The old file is copied to {@code .env.bak}; the new
 * one is written to a temporary file with owner-only permissions and moved over the old one.
 */
public final class EnvFileWriter {
    private static final Pattern ASSIGNMENT = Pattern.compile("^(\\s*(?:export\\s+)?)([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=.*$");

    /** What happened to the file; {@code backup} is null when there was nothing to back up. */
    public record Outcome(Path file, boolean changed, Path backup) {
    }

    /** @param values the keys to set, in order; values are written unquoted, so they must hold no space or quote */
    public Outcome write(Path file, Map<String, String> values, boolean dryRun) {
        String old;
        try {
            old = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            old = null;
        } catch (IOException e) {
            throw ioFailure("read", file, e);
        }
        String updated = update(old == null ? "" : old, values);
        if (updated.equals(old)) return new Outcome(file, false, null);
        Path backup = old == null ? null : file.resolveSibling(file.getFileName() + ".bak");
        if (dryRun) return new Outcome(file, true, backup);
        try {
            if (backup != null) {
                Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                ownerOnly(backup);
            }
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = posix(dir)
                    ? Files.createTempFile(dir, ".env-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".env-", ".tmp");
            try {
                Files.writeString(tmp, updated, StandardCharsets.UTF_8);
                ownerOnly(tmp);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw ioFailure("write", file, e);
        }
        return new Outcome(file, true, backup);
    }

    /**
     * Why {@code file} cannot be written now, or null when it can: a file is created (and removed) beside it and an
     * existing file is opened for writing. {@code init} asks before it changes anything, so a generated password
     * is never created only to be lost when the file cannot take it.
     */
    public String unwritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(file) && !Files.isRegularFile(file)) return file + " is not a regular file";
        try {
            Files.delete(Files.createTempFile(dir, ".env-", ".probe"));
        } catch (IOException e) {
            return "cannot create a file in " + dir + ": " + describe(e);
        }
        if (Files.exists(file)) {
            try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
                out.flush();
            } catch (IOException e) {
                return "cannot write " + file + ": " + describe(e);
            }
        }
        return null;
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** The new text: assignments of the given keys replaced, missing ones appended, all else unchanged. */
    static String update(String text, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(values);
        List<String> lines = new ArrayList<>(text.isEmpty() ? List.of() : List.of(text.split("\n", -1)));
        boolean endsWithNewline = text.endsWith("\n");
        if (endsWithNewline) lines.remove(lines.size() - 1);
        for (int i = 0; i < lines.size(); i++) {
            boolean crlf = lines.get(i).endsWith("\r");
            Matcher m = ASSIGNMENT.matcher(crlf ? lines.get(i).substring(0, lines.get(i).length() - 1) : lines.get(i));
            if (m.matches() && values.containsKey(m.group(2))) {
                String key = m.group(2);
                // a key assigned twice gets the new value at every assignment (python-dotenv keeps the last one)
                lines.set(i, m.group(1) + key + "=" + values.get(key) + (crlf ? "\r" : ""));
                pending.remove(key);
            }
        }
        StringBuilder sb = new StringBuilder(String.join("\n", lines));
        if (!lines.isEmpty()) sb.append('\n');
        if (!pending.isEmpty() && lines.isEmpty()) sb.append("# written by niknotes-setup init\n");
        pending.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static boolean posix(Path dir) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix") && Files.isDirectory(dir);
    }

    private static void ownerOnly(Path p) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } else {
            var f = p.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
    }

    private static SetupException ioFailure(String verb, Path file, IOException e) {
        return new SetupException(ExitCode.FAILED, "cannot " + verb + " " + file + ": " + describe(e),
                "check the directory's permissions, or pass --no-env-file and set DATABASE_URL yourself", e);
    }
}
