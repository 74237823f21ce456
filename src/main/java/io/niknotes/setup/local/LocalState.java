package io.niknotes.setup.local;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;

/**
 * What {@code local} remembers between runs: ports, generated passwords and versions, in
 * {@code local/state.properties}, readable by its owner only. {@link #toString()} hides the passwords.
 *
 * @param redisPort 0 when Redis is not managed (started with {@code --no-redis})
 */
public record LocalState(int pgPort, String pgPassword, String pgVersion, int redisPort, String redisPassword, String redisVersion) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** 32 URL-safe characters (192 bits): safe in URLs, .env files and shells without quoting. */
    public static String generatePassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static LocalState load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new LocalState(Integer.parseInt(p.getProperty("pg.port", "0")), p.getProperty("pg.password"),
                p.getProperty("pg.version", ""), Integer.parseInt(p.getProperty("redis.port", "0")),
                p.getProperty("redis.password"), p.getProperty("redis.version", ""));
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("pg.port", Integer.toString(pgPort));
        p.setProperty("pg.password", pgPassword);
        p.setProperty("pg.version", pgVersion);
        p.setProperty("redis.port", Integer.toString(redisPort));
        if (redisPassword != null) p.setProperty("redis.password", redisPassword);
        p.setProperty("redis.version", redisVersion == null ? "" : redisVersion);
        StringWriter w = new StringWriter();
        p.store(w, "niknotes-setup local: private servers (owner-only: holds passwords)");
        writeOwnerOnly(file, w.toString());
    }

    public LocalState withPgPort(int port) {
        return new LocalState(port, pgPassword, pgVersion, redisPort, redisPassword, redisVersion);
    }

    public LocalState withRedis(int port, String password, String version) {
        return new LocalState(pgPort, pgPassword, pgVersion, port, password, version);
    }

    /** Writes a file that only its owner may read: created with those rights, then renamed into place. */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            AclFileAttributeView acl = Files.getFileAttributeView(tmp, AclFileAttributeView.class);
            if (acl != null) {
                acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(acl.getOwner())
                        .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
            }
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "LocalState[pgPort=" + pgPort + ", pgVersion=" + pgVersion + ", redisPort=" + redisPort + ", redisVersion=" + redisVersion + "]";
    }
}
