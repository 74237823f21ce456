package io.niknotes.setup.copy;

/**
 * What happened to one source table. {@code read == loaded + rejected} always.
 *
 * @param table        the SQLite table
 * @param status       copied, resumed (loaded by an interrupted run), skipped, planned (dry run) or failed
 * @param read         rows read from the source
 * @param loaded       rows now in PostgreSQL
 * @param rejected     rows sent to the reject file (unconvertible values, orphans)
 * @param fixedValues  values changed by --fix-text
 * @param seconds      time spent loading it
 * @param verification the check after the load, or null when not verified
 * @param detail       why it was skipped or failed, else null
 */
public record TableResult(String table, Status status, long read, long loaded, long rejected, long fixedValues, double seconds,
                          Verification verification, String detail) {
    public enum Status {
        COPIED, RESUMED, SKIPPED, PLANNED, FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TableResult {
        if (read != loaded + rejected) {
            throw new IllegalStateException(table + ": read " + read + " != loaded " + loaded + " + rejected " + rejected);
        }
    }

    public TableResult withVerification(Verification v) {
        return new TableResult(table, status, read, loaded, rejected, fixedValues, seconds, v, detail);
    }

    /**
     * @param expectedRows rows the target should hold (what was there before an append, plus what was loaded)
     * @param actualRows   rows it holds
     * @param expectedSum  checksum of the loaded values (sum of per-row md5 prefixes, mod 2^64), hex
     * @param actualSum    the same computed by PostgreSQL over the table
     * @param notSummed    columns left out of the checksum (types whose text form PostgreSQL normalizes)
     */
    public record Verification(long expectedRows, long actualRows, String expectedSum, String actualSum, java.util.List<String> notSummed) {
        public boolean matches() {
            return expectedRows == actualRows && expectedSum.equals(actualSum);
        }
    }
}
