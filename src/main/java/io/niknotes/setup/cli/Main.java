package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.config.Environment;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** Wires the command line to the real process: its environment, its streams, its exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Environment environment = Environment.current();
        if (environment.isWindows() && environment.stdoutIsTerminal() && environment.get("NO_COLOR") == null) {
            org.jline.jansi.AnsiConsole.systemInstall(); // Windows consoles need VT processing switched on
        }
        Charset charset = stdoutCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        // --version alone is answered before picocli loads: building any command line took 3 times a JVM's own start
        if (VersionProvider.onlyAsked(args) && VersionProvider.print(out)) System.exit(ExitCode.OK.code());
        CommandLine cl = NikNotesSetup.commandLine(environment, args)
                .setOut(out)
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, charset), true));
        int code = cl.execute(args);
        System.exit(code);
    }

    private static Charset stdoutCharset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
