package io.niknotes.setup.outcome;

import java.util.Locale;

/** The outcome of one finding or step. */
public enum Status {
    OK, CHANGED, INFO, WARN, FAIL, SKIPPED;

    public boolean failed() {
        return this == FAIL;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
