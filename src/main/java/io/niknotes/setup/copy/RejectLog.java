package io.niknotes.setup.copy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reject file: one JSON object per line with table, rowid, key, column, the raw value and the reason.
 * The raw value is the text as stored (JSON escapes control characters, NUL included); when it is not valid
 * UTF-8, {@code raw} shows U+FFFD for the bad bytes and {@code raw_hex} holds the exact bytes.
 * Created only when a row is rejected. Thread-safe.
 */
final class RejectLog implements AutoCloseable {
    private final Path file;
    private final boolean append;
    private final ObjectMapper mapper = new ObjectMapper();
    private BufferedWriter out;
    private long lines;

    /**
     * @param append keep the lines of an interrupted run (resume) instead of starting the file afresh
     * @param kept   when appending: the tables whose earlier lines stay (those the interrupted run committed);
     *               lines of the other tables are dropped, since those tables are loaded (and rejected) again
     */
    RejectLog(Path file, boolean append, java.util.Set<String> kept) {
        this.file = file;
        this.append = append;
        if (append && file != null && Files.exists(file)) retain(kept);
    }

    private void retain(java.util.Set<String> kept) {
        try {
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) continue;
                if (kept.contains(mapper.readTree(l).path("table").asText())) lines.add(l);
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reject file " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    synchronized long lines() {
        return lines;
    }

    /** The file if any row was ever written to it (now or by the interrupted run being resumed). */
    synchronized Path fileIfUsed() {
        return lines > 0 || (append && file != null && Files.exists(file)) ? file : null;
    }

    synchronized void write(String table, long rowid, String key, String column, byte[] raw, String reason) {
        if (file == null) return;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("table", table);
        line.put("rowid", rowid < 0 ? null : rowid);
        line.put("key", key);
        line.put("column", column);
        if (raw == null) {
            line.put("raw", null);
        } else {
            line.put("raw", new String(raw, StandardCharsets.UTF_8));
            if (Utf8.problem(raw) != null && !"NUL character".equals(Utf8.problem(raw))) line.put("raw_hex", hex(raw));
        }
        line.put("reason", reason);
        try {
            if (out == null) {
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            }
            out.write(mapper.writeValueAsString(line));
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        return s.toString();
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the reject file " + file + ": " + e.getMessage(), e);
        }
    }
}
