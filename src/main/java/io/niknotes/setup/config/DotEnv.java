package io.niknotes.setup.config;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file the way the app's python-dotenv does: {@code [export] KEY=VALUE}, {@code #}
 * comments, single quotes literal, double quotes with escapes and multi-line values, unquoted values
 * trimmed and cut at {@code " #"}, and {@code ${VAR}} / {@code ${VAR:-default}} expansion in unquoted and
 * double-quoted values (the process environment first, then earlier keys of the file, like
 * python-dotenv with {@code override=False}).
 */
public final class DotEnv {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern EXPANSION = Pattern.compile("\\$\\{([^}:]+)(?::-([^}]*))?}");

    private DotEnv() {
    }

    /**
     * The {@code .env} file the app would read: the nearest one from {@code directory} up to the root, as
     * python-dotenv's {@code find_dotenv(usecwd=True)} finds it; null when there is none.
     */
    public static Path find(Path directory) {
        for (Path d = directory.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(".env");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    /** Reads the file if it exists; an absent file is an empty map. */
    public static Map<String, String> read(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new SetupException(ExitCode.USAGE, "cannot read the env file " + file + ": " + e.getMessage(),
                    "check the file's permissions or point --env-file at another file");
        }
        return parse(text, environment);
    }

    public static Map<String, String> parse(String text, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int lineEnd = indexOfLineEnd(text, i);
            String line = text.substring(i, lineEnd).strip();
            int next = lineEnd < n ? lineEnd + 1 : n;
            if (line.isEmpty() || line.startsWith("#")) {
                i = next;
                continue;
            }
            int start = i + (text.substring(i, lineEnd).length() - text.substring(i, lineEnd).stripLeading().length());
            int cursor = start;
            if (text.startsWith("export ", cursor)) {
                cursor += "export ".length();
                while (cursor < lineEnd && text.charAt(cursor) == ' ') cursor++;
            }
            int eq = text.indexOf('=', cursor);
            if (eq < 0 || eq > lineEnd) {
                i = next; // a bare key without '=' has no value in python-dotenv: ignored here
                continue;
            }
            String key = text.substring(cursor, eq).strip();
            if (!KEY.matcher(key).matches()) {
                i = next;
                continue;
            }
            int v = eq + 1;
            while (v < n && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) v++;
            Parsed parsed;
            if (v < n && (text.charAt(v) == '\'' || text.charAt(v) == '"')) {
                parsed = quoted(text, v);
            } else {
                String raw = text.substring(v, lineEnd);
                int comment = raw.indexOf(" #");
                if (comment >= 0) raw = raw.substring(0, comment);
                parsed = new Parsed(raw.strip(), true, lineEnd);
            }
            String value = parsed.expand ? expand(parsed.value, environment, values) : parsed.value;
            values.put(key, value);
            int after = indexOfLineEnd(text, parsed.end);
            i = after < n ? after + 1 : n;
        }
        return values;
    }

    private record Parsed(String value, boolean expand, int end) {
    }

    private static Parsed quoted(String text, int open) {
        char q = text.charAt(open);
        StringBuilder sb = new StringBuilder();
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == q) {
                return new Parsed(sb.toString(), q == '"', i + 1);
            }
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(i + 1);
                if (q == '\'') {
                    if (e == '\'' || e == '\\') {
                        sb.append(e);
                        i += 2;
                        continue;
                    }
                } else {
                    String repl = switch (e) {
                        case 'n' -> "\n";
                        case 't' -> "\t";
                        case 'r' -> "\r";
                        case '"' -> "\"";
                        case '\\' -> "\\";
                        case '\'' -> "'";
                        default -> null;
                    };
                    if (repl != null) {
                        sb.append(repl);
                        i += 2;
                        continue;
                    }
                }
            }
            sb.append(c);
            i++;
        }
        // unterminated quote: python-dotenv warns and skips the line; keep it literal instead of losing it
        int lineEnd = indexOfLineEnd(text, open);
        return new Parsed(text.substring(open, lineEnd).strip(), false, lineEnd);
    }

    private static String expand(String value, Map<String, String> environment, Map<String, String> earlier) {
        if (value.indexOf("${") < 0) return value;
        Matcher m = EXPANSION.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String found = Optional.ofNullable(environment.get(name)).orElse(earlier.get(name));
            if (found == null) found = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(found));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int indexOfLineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }
}
