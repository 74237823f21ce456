package io.niknotes.setup.cli;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The run install.sh and install.ps1 make the class-data-sharing archive from ({@code -XX:ArchiveClassesAtExit}): it
 * loads, without initialising them, the classes of our code and of the libraries a command connects with (and Flyway and
 * the SQLite driver, which init, migrate and the copy load: init at 360 k rows starts its work ~0.1 s sooner), then runs
 * the command line it is given (a {@code check} of servers that are not there, which fails fast). No server answers at
 * install time, so a {@code check} alone leaves out what a real connection loads (the driver's protocol and
 * authentication, Jedis' commands): with them in the archive, a {@code check} of real servers starts 15% faster.
 */
public final class CdsTraining {
    private static final List<String> ARCHIVED = List.of("io/niknotes/", "picocli/", "org/postgresql/", "com/ongres/", "redis/clients/jedis/",
            "org/slf4j/", "org/flywaydb/", "org/sqlite/");

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!path.endsWith(".jar")) continue;
            try (JarFile jar = new JarFile(path)) {
                jar.stream().map(JarEntry::getName).filter(CdsTraining::archived).forEach(CdsTraining::load);
            }
        }
        Main.main(args);
    }

    private static boolean archived(String entry) {
        return entry.endsWith(".class") && !entry.endsWith("module-info.class") && ARCHIVED.stream().anyMatch(entry::startsWith);
    }

    private static void load(String entry) {
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        try {
            Class.forName(name, false, CdsTraining.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // a class needing an optional library that is not in the jar: a run never loads it either
        }
    }
}
