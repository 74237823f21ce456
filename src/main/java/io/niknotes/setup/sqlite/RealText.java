package io.niknotes.setup.sqlite;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A REAL as SQLite renders it as text ({@code cast(x as text)}, what the JDBC driver returns for it): since SQLite
 * 3.52 that is {@code printf("%!.17g")}: 17 significant digits, fewer when a run of 9s or 0s allows a shorter text
 * that reads back as the same double; always a point or an exponent ({@code 2.0}, {@code 1.0e-05},
 * {@code 1.2345678901234568e+17}); {@code Inf}/{@code -Inf}; -0.0 as {@code 0.0}.
 * <p>
 * SQLite does not round the exact binary value: it approximates the value to 18 digits with 64-bit arithmetic
 * (util.c, {@code sqlite3FpDecode}, adapted there from Russ Cox's fpfmt) and rounds those, which a correctly
 * rounded conversion (Java's) differs from in the last digit now and then. The same steps are taken here, so the
 * text is SQLite's to the byte (RealTextTest compares it with SQLite's over random values and the edge cases).
 */
public final class RealText {
    /** 10^p for p in 0..26, shifted so that the top bit is set (exact). */
    private static final long[] BASE = new long[27];
    /** 10^(27g) for g in -13..12 (at 13, where g = 0 is never needed: 10^-1), the top 64 bits (truncated) and the next 32. */
    private static final long[] SCALE = new long[26];
    private static final long[] SCALE_LOW = new long[26];
    private static final int POWERS_FIRST = -348;
    private static final int POWERS_LAST = 347;

    static {
        for (int p = 0; p < 27; p++) BASE[p] = top(BigInteger.TEN.pow(p), 64)[0];
        for (int g = -13; g <= 12; g++) {
            long[] t = g > 0 ? top(BigInteger.TEN.pow(27 * g), 96)
                    : top(BigInteger.ONE.shiftLeft(4000).divide(BigInteger.TEN.pow(g == 0 ? 1 : -27 * g)), 96);
            SCALE[g + 13] = t[0];
            SCALE_LOW[g + 13] = t[1];
        }
    }

    private RealText() {
    }

    /** The top {@code bits} (64 or 96) bits of {@code x}, truncated: {high 64, low 32}. */
    private static long[] top(BigInteger x, int bits) {
        BigInteger t = x.bitLength() >= bits ? x.shiftRight(x.bitLength() - bits) : x.shiftLeft(bits - x.bitLength());
        return bits == 64 ? new long[]{t.longValue(), 0} : new long[]{t.shiftRight(32).longValue(), t.longValue() & 0xFFFFFFFFL};
    }

    /** SQLite's text for {@code value}, as UTF-8 (ASCII) bytes. */
    public static byte[] bytes(double value) {
        return of(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** SQLite's text for {@code value}. */
    public static String of(double value) {
        if (Double.isNaN(value)) return "NaN"; // SQLite stores NaN as NULL: never read from a file
        if (Double.isInfinite(value)) return value > 0 ? "Inf" : "-Inf";
        if (value == 0) return "0.0";
        StringBuilder b = new StringBuilder(26);
        if (value < 0) b.append('-');
        double r = Math.abs(value);
        char[] z = new char[24];
        int[] shape = decode(r, z); // {significant digits, position of the decimal point}
        int n = shape[0];
        int point = shape[1];
        int exponent = point - 1;
        if (exponent < -4 || exponent > 16) {
            b.append(z[0]).append('.');
            if (n > 1) b.append(z, 1, n - 1); else b.append('0');
            b.append('e').append(exponent < 0 ? '-' : '+');
            int e = Math.abs(exponent);
            if (e < 10) b.append('0');
            return b.append(e).toString();
        }
        if (point <= 0) {
            b.append("0.");
            for (int i = point; i < 0; i++) b.append('0');
            return b.append(z, 0, n).toString();
        }
        for (int i = 0; i < point; i++) b.append(i < n ? z[i] : '0');
        b.append('.');
        return n > point ? b.append(z, point, n - point).toString() : b.append('0').toString();
    }

    /** The significant digits of positive finite {@code r} into {@code z} (no trailing zeros); returns {n, point}. */
    private static int[] decode(double r, char[] z) {
        long bits = Double.doubleToRawLongBits(r);
        int e = (int) (bits >>> 52) & 0x7FF;
        long v = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (e == 0) {
            int shift = Long.numberOfLeadingZeros(v);
            v <<= shift;
            e = -1074 - shift;
        } else {
            v = (v << 11) | Long.MIN_VALUE;
            e -= 1086;
        }
        // 18 digits d with r ~ d * 10^exp
        int p = 17 - pwr2to10(e + 63);
        long h = multiplyHigh(v, powerOfTen(p)[0]);
        h >>>= -(e + pwr10to2(p) + 2);
        long d = (h >>> 1) + (h & 1);
        int exp = -p;
        String digits = Long.toUnsignedString(d);
        int n = digits.length();
        digits.getChars(0, n, z, 0);
        int point = n + exp;
        int round = 17;
        if (round < n) {
            round = shorter(r, z, n, exp, point);
            n = round;
            if (z[round] >= '5') {
                int j = round - 1;
                while (true) {
                    if (z[j] != '9') {
                        z[j]++;
                        break;
                    }
                    z[j] = '0';
                    if (j == 0) {
                        System.arraycopy(z, 0, z, 1, n);
                        z[0] = '1';
                        n++;
                        point++;
                        break;
                    }
                    j--;
                }
            }
        }
        while (n > 1 && z[n - 1] == '0') n--;
        return new int[]{n, point};
    }

    /** For 17 digits: fewer when a run of 9s or 0s gives a shorter text that reads back as {@code r}. */
    private static int shorter(double r, char[] z, int n, int exp, int point) {
        if (z[15] == '9' && z[14] == '9') {
            int jj = 14;
            while (jj > 0 && z[jj - 1] == '9') jj--;
            long v2 = jj == 0 ? 1 : Long.parseLong(new String(z, 0, jj)) + 1;
            if (r == toDouble(v2, exp + n - jj)) return jj + 1;
        } else if (point >= n || (z[15] == '0' && z[14] == '0' && z[13] == '0')) {
            int jj = 13;
            while (z[jj - 1] == '0') jj--;
            long v2 = Long.parseLong(new String(z, 0, jj));
            if (r == toDouble(v2, exp + n - jj)) return jj + 1;
        }
        return 17;
    }

    /** The double nearest to {@code d * 10^p}, as SQLite computes it ({@code sqlite3Fp10Convert2}). */
    private static double toDouble(long d, int p) {
        if (p < POWERS_FIRST) return 0.0;
        if (p > POWERS_LAST) return Double.POSITIVE_INFINITY;
        int b = 64 - Long.numberOfLeadingZeros(d);
        int lp = pwr10to2(p);
        int e = 53 - b - lp;
        if (e > 1074) {
            if (e >= 1130) return 0.0;
            e = 1074;
        }
        int s = -(e - (64 - b) + lp + 3);
        long[] pw = powerOfTen(p);
        long hi10 = pw[0];
        long lo10 = pw[1];
        if (lo10 != 0) {
            hi10++;
            lo10 = ~lo10 & 0xFFFFFFFFL;
        }
        long x = d << (64 - b);
        long hi = multiplyHigh(x, hi10);
        long lo = x * hi10;
        long mid1 = lo >>> 32;
        long sticky = 1;
        if ((hi & ((1L << s) - 1)) == 0) {
            long mid2 = multiplyHigh(x, lo10 << 32) >>> 32;
            sticky = ((mid1 - mid2) & 0xFFFFFFFFL) > 1 ? 1 : 0;
            if (Long.compareUnsigned(mid1, mid2) < 0) hi--;
        }
        long u = (hi >>> s) | sticky;
        if (Long.compareUnsigned(u, (1L << 55) - 2) >= 0) {
            u = (u >>> 1) | (u & 1);
            e--;
        }
        long m = (u + 1 + ((u >>> 2) & 1)) >>> 2;
        if (e <= -972) return Double.POSITIVE_INFINITY;
        if ((m & (1L << 52)) != 0) m = (m & ~(1L << 52)) | ((long) (1075 - e) << 52);
        return Double.longBitsToDouble(m);
    }

    /** 10^p as a normalized 64-bit mantissa and the 32 bits below it ({@code powerOfTen} in util.c). */
    private static long[] powerOfTen(int p) {
        int g;
        int n;
        if (p < 0) {
            if (p == -1) return new long[]{SCALE[13], SCALE_LOW[13]};
            g = p / 27; // truncates toward zero, as C does
            n = p - g * 27;
            if (n != 0) {
                g--;
                n += 27;
            }
        } else if (p < 27) {
            return new long[]{BASE[p], 0};
        } else {
            g = p / 27;
            n = p % 27;
        }
        long s = SCALE[g + 13];
        long sLow = SCALE_LOW[g + 13];
        if (n == 0) return new long[]{s, sLow};
        // upper 64 bits of ((s << 32) + sLow) * BASE[n], and the 32 bits below them
        long b = BASE[n];
        long hi = multiplyHigh(s, b);
        long lo = s * b;
        long add = multiplyHigh(sLow, b) << 32 | ((sLow * b) >>> 32); // (sLow * b) >> 32: below 2^64
        long sum = lo + add;
        if (Long.compareUnsigned(sum, lo) < 0) hi++;
        long x = hi;
        long xLow = sum >>> 32;
        if (x >= 0) { // top bit clear: shift one more
            x = (x << 1) | ((xLow >>> 31) & 1);
            xLow = ((xLow << 1) | 1) & 0xFFFFFFFFL;
        }
        return new long[]{x, xLow};
    }

    private static int pwr10to2(int p) {
        return (p * 108853) >> 15;
    }

    private static int pwr2to10(int p) {
        return (p * 78913) >> 18;
    }

    /** The high 64 bits of the unsigned 128-bit product. */
    private static long multiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
