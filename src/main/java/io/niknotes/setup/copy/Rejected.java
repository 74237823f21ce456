package io.niknotes.setup.copy;

/** A value that cannot be converted faithfully; the row goes to the reject file. Cheap: no stack trace. */
final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
        super(reason, null, false, false);
    }
}
