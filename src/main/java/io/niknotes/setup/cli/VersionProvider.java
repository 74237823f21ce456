package io.niknotes.setup.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/** The version Maven wrote into the jar, with the Java runtime it runs on. */
public final class VersionProvider implements IVersionProvider {
    /** Whether the arguments ask for the version and nothing else ({@code -V} or {@code --version} alone). */
    static boolean onlyAsked(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** Prints the version as picocli prints it, without picocli; false (nothing printed) when it cannot be read. */
    static boolean print(PrintWriter out) {
        String[] lines;
        try {
            lines = new VersionProvider().getVersion();
        } catch (IOException e) {
            return false; // picocli then reports it
        }
        for (String line : lines) out.println(line);
        return true;
    }

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/io/niknotes/setup/version.properties")) {
            if (in != null) p.load(in);
        }
        return new String[] {"niknotes-setup " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
