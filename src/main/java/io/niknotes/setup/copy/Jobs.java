package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the loader threads' jobs, and their errors on one line. */
final class Jobs {
    private Jobs() {
    }

    /** A table job's result; its SetupException as it is; interrupted waiting as INTERRUPTED. */
    static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(ExitCode.INTERRUPTED, "interrupted while loading", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SetupException s) throw s;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** An error message's first line ("unknown error" when there is none). */
    static String firstLine(String s) {
        return s == null ? "unknown error" : SetupException.firstLine(s);
    }
}
