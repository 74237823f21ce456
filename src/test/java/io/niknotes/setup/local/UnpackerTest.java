package io.niknotes.setup.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnpackerTest {
    @TempDir
    Path dir;

    @Test
    void unpacksFilesDirectoriesAndSymlinks() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "bin/", '5', "", 0755);
        entry(tar, "bin/tool", '0', "#!/bin/sh\necho hi\n", 0755);
        entry(tar, "lib/libx.so.1", '0', "lib", 0644);
        entry(tar, "lib/libx.so", '2', "libx.so.1", 0777);
        tar.write(new byte[1024]);
        Unpacker.untar(new ByteArrayInputStream(tar.toByteArray()), dir);
        assertThat(dir.resolve("bin/tool")).hasContent("#!/bin/sh\necho hi");
        assertThat(Files.isExecutable(dir.resolve("bin/tool"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("lib/libx.so"))).isEqualTo(Path.of("libx.so.1"));
        assertThat(dir.resolve("lib/libx.so")).hasContent("lib");
    }

    @Test
    void refusesEntriesThatEscapeTheTarget() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "../evil", '0', "x", 0644);
        tar.write(new byte[1024]);
        Path target = Files.createDirectories(dir.resolve("t"));
        assertThatThrownBy(() -> Unpacker.untar(new ByteArrayInputStream(tar.toByteArray()), target))
                .isInstanceOf(IOException.class).hasMessageContaining("escapes");
        assertThat(dir.resolve("evil")).doesNotExist();

        ByteArrayOutputStream link = new ByteArrayOutputStream();
        entry(link, "lib/up", '2', "../../etc/passwd", 0777);
        link.write(new byte[1024]);
        assertThatThrownBy(() -> Unpacker.untar(new ByteArrayInputStream(link.toByteArray()), target))
                .isInstanceOf(IOException.class).hasMessageContaining("escapes");
    }

    @Test
    void refusesATruncatedArchive() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "big", '0', "0123456789", 0644);
        byte[] cut = java.util.Arrays.copyOf(tar.toByteArray(), 512 + 4);
        assertThatThrownBy(() -> Unpacker.untar(new ByteArrayInputStream(cut), dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
    }

    /** One ustar entry (header + padded body). */
    private static void entry(ByteArrayOutputStream out, String name, char type, String body, int mode) throws IOException {
        byte[] h = new byte[512];
        byte[] content = type == '0' ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        put(h, 0, name);
        put(h, 100, String.format("%07o", mode));
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        if (type == '2') put(h, 157, body);
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o\0", sum));
        out.write(h);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
