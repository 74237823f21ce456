package io.niknotes.setup.local;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.util.Locale;

/**
 * The operating system and CPU the servers must run on, named as the binary artifacts name them.
 *
 * @param os   {@code linux}, {@code darwin} or {@code windows}
 * @param arch {@code amd64} or {@code arm64}
 */
public record Platform(String os, String arch) {
    public static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static Platform of(String osName, String osArch) {
        String n = osName.toLowerCase(Locale.ROOT);
        String os = n.contains("win") ? "windows" : n.contains("mac") || n.contains("darwin") ? "darwin"
                : n.contains("linux") ? "linux" : null;
        String a = osArch.toLowerCase(Locale.ROOT);
        String arch = a.equals("amd64") || a.equals("x86_64") ? "amd64"
                : a.equals("aarch64") || a.equals("arm64") ? "arm64" : null;
        if (os == null || arch == null || (os.equals("windows") && arch.equals("arm64"))) {
            throw new SetupException(ExitCode.FAILED, "no PostgreSQL binaries are published for " + osName + " on " + osArch,
                    "local servers run on Linux and macOS (x86-64, arm64) and Windows (x86-64); install PostgreSQL 16 and Redis"
                            + " yourself and point NIKNOTES_ADMIN_URL and REDIS_URL at them");
        }
        return new Platform(os, arch);
    }

    public boolean windows() {
        return os.equals("windows");
    }

    /** The suffix of the zonky artifact id: {@code linux-amd64}, {@code darwin-arm64v8}, … */
    String zonkySuffix() {
        return os + "-" + (arch.equals("arm64") ? "arm64v8" : arch);
    }

    String executable(String name) {
        return windows() ? name + ".exe" : name;
    }

    @Override
    public String toString() {
        return os + "-" + arch;
    }
}
