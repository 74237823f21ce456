package io.niknotes.setup.copy;

import io.niknotes.setup.SetupException;

/** The copy's errors on one line, as its reports name them. */
final class Jobs {
    private Jobs() {
    }

    /** An error message's first line ("unknown error" when there is none). */
    static String firstLine(String s) {
        return s == null ? "unknown error" : SetupException.firstLine(s);
    }
}
