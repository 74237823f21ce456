package io.niknotes.setup.copy;

/**
 * PostgreSQL's own 64-bit hash functions, as its SQL functions {@code hashtextextended} (a text of a deterministic
 * collation: its bytes) and {@code hashint8extended} compute them on a little-endian server: Bob Jenkins' lookup3 in
 * PostgreSQL's {@code hash_bytes_extended} and {@code hash_bytes_uint32_extended} (src/common/hashfn.c). A big-endian
 * server hashes differently; {@link RowHash.Scheme#forServer} asks the server before relying on these.
 */
final class PgHash {
    private static final int INIT = 0x9e3779b9 + 3923095;

    private PgHash() {
    }

    /** {@code hashtextextended(text, seed)} of the text's bytes {@code k}. */
    static long bytes(byte[] k, long seed) {
        return lookup3(k, k.length, seed, 0);
    }

    /** {@code hashint8extended(value, seed)} (equal to {@code hashint4extended} for the values an int4 holds). */
    static long int8(long value, long seed) {
        int lo = (int) value;
        int hi = (int) (value >>> 32);
        lo ^= value >= 0 ? hi : ~hi;
        return lookup3(null, 4, seed, lo); // hash_bytes_uint32_extended: the 4 bytes of lo, little-endian
    }

    /**
     * lookup3 as PostgreSQL runs it: a non-zero seed is a first 12-byte block (its high half, its low half, zero),
     * then the key's blocks, the last 0-11 bytes little-endian into a, b and c (the lowest byte of c stays free), the
     * final mix. With {@code k} null the key is the 4 bytes of {@code word}.
     */
    private static long lookup3(byte[] k, int len, long seed, int word) {
        int a = INIT + len;
        int b = a;
        int c = a;
        boolean seedBlock = seed != 0;
        int i = 0;
        int n = k == null ? 0 : len;
        while (seedBlock || n >= 12) {
            if (seedBlock) {
                a += (int) (seed >>> 32);
                b += (int) seed;
                seedBlock = false;
            } else {
                a += word(k, i);
                b += word(k, i + 4);
                c += word(k, i + 8);
                i += 12;
                n -= 12;
            }
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        if (k == null) {
            a += word;
        } else {
            switch (n) {
                case 11: c += (k[i + 10] & 0xFF) << 24; // fall through
                case 10: c += (k[i + 9] & 0xFF) << 16; // fall through
                case 9: c += (k[i + 8] & 0xFF) << 8; // fall through
                case 8: b += (k[i + 7] & 0xFF) << 24; // fall through
                case 7: b += (k[i + 6] & 0xFF) << 16; // fall through
                case 6: b += (k[i + 5] & 0xFF) << 8; // fall through
                case 5: b += k[i + 4] & 0xFF; // fall through
                case 4: a += (k[i + 3] & 0xFF) << 24; // fall through
                case 3: a += (k[i + 2] & 0xFF) << 16; // fall through
                case 2: a += (k[i + 1] & 0xFF) << 8; // fall through
                case 1: a += k[i] & 0xFF; // fall through
                default: break;
            }
        }
        return last(a, b, c);
    }

    /** lookup3's final mix; the result is b in the high half and c in the low half. */
    private static long last(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return ((long) b << 32) | (c & 0xFFFFFFFFL);
    }

    private static int word(byte[] k, int i) {
        return (k[i] & 0xFF) | (k[i + 1] & 0xFF) << 8 | (k[i + 2] & 0xFF) << 16 | (k[i + 3] & 0xFF) << 24;
    }
}
