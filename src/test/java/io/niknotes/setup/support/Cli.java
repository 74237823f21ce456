package io.niknotes.setup.support;

import io.niknotes.setup.cli.NikNotesSetup;
import io.niknotes.setup.config.Environment;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the tool as a user does, with a chosen environment and directory, capturing stdout and stderr — the tool's own
 * writers and also whatever a library prints on {@code System.out}/{@code System.err} meanwhile (slf4j-simple logs
 * there), so that secrets checks see both.
 */
public final class Cli {
    private final Map<String, String> variables = new HashMap<>();
    private final Path workingDirectory;

    public Cli(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        variables.put("PGPASSFILE", workingDirectory.resolve("no-such-pgpass").toString());
        // never the machine's own private cluster (as root /var/lib/niknotes): a test that wants one names its home
        variables.put("NIKNOTES_HOME", workingDirectory.resolve("no-such-niknotes-home").toString());
    }

    public Cli env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    public Cli env(Map<String, String> more) {
        variables.putAll(more);
        return this;
    }

    public Result run(String... args) {
        Environment environment = new Environment(variables, workingDirectory, workingDirectory, false, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        CAPTURES.add(console);
        int code;
        try {
            CommandLine cl = NikNotesSetup.commandLine(environment, args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            CAPTURES.remove(console);
        }
        String library;
        synchronized (console) {
            library = console.toString(StandardCharsets.UTF_8);
        }
        return new Result(code, out.toString(), err.toString(), library);
    }

    /**
     * The runs in progress, each capturing what is written to {@code System.out}/{@code System.err} meanwhile. The system
     * streams are replaced once, for the whole test JVM (never swapped per run: two runs at once on two threads would
     * restore each other's streams), by a tee to the original stream and to every run in progress.
     */
    private static final List<ByteArrayOutputStream> CAPTURES = new CopyOnWriteArrayList<>();

    static {
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
    }

    private static PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                for (ByteArrayOutputStream c : CAPTURES) {
                    synchronized (c) {
                        c.write(b);
                    }
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                for (ByteArrayOutputStream c : CAPTURES) {
                    synchronized (c) {
                        c.write(b, off, len);
                    }
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** {@code console}: what went to {@code System.out}/{@code System.err} during the run (library logs), not the tool's writers. */
    public record Result(int exitCode, String out, String err, String console) {
        public String all() {
            return out + "\n" + err + "\n" + console;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err
                    + (console.isEmpty() ? "" : "\n--- System.out/err (libraries) ---\n" + console);
        }
    }
}
