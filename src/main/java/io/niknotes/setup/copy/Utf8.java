package io.niknotes.setup.copy;

import java.io.ByteArrayOutputStream;

/** Strict UTF-8 checks on raw bytes (what PostgreSQL accepts: no overlongs, no surrogates, no NUL). */
final class Utf8 {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /** What is wrong with a value for a PostgreSQL text column, or null when nothing is. */
    static String problem(byte[] b) {
        boolean nul = false;
        for (int i = 0; i < b.length; ) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == 0) nul = true;
                i++;
                continue;
            }
            int len = sequenceLength(b, i);
            if (len < 0) return "invalid UTF-8";
            i += len;
        }
        return nul ? "NUL character" : null;
    }

    /** Length of the valid multi-byte sequence starting at i, or -1 when it is invalid. */
    static int sequenceLength(byte[] b, int i) {
        int c = b[i] & 0xFF;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + n > b.length) return -1;
        int cp = c & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        return n;
    }

    /** Removes (STRIP) or replaces with U+FFFD (REPLACE) every NUL and invalid sequence. */
    static byte[] fix(byte[] b, FixText how) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        for (int i = 0; i < b.length; ) {
            int c = b[i] & 0xFF;
            if (c != 0 && c < 0x80) {
                out.write(c);
                i++;
                continue;
            }
            int len = c == 0 ? -1 : sequenceLength(b, i);
            if (len > 0) {
                out.write(b, i, len);
                i += len;
            } else {
                if (how == FixText.REPLACE) out.write(REPLACEMENT, 0, REPLACEMENT.length);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Number of code points in valid UTF-8 (bytes that do not continue a sequence). */
    static int codePoints(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if ((x & 0xC0) != 0x80) n++;
        }
        return n;
    }
}
