package io.niknotes.setup.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.niknotes.setup.ExitCode;

/** The JSON document of a run that failed before it had a result: a usage error or a failure with its fix. */
public final class ErrorView {
    public static final String SCHEMA = "niknotes-setup.error/1";

    private ErrorView() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(String schema, String status, int exitCode, String error, String fix) {
    }

    /** @param fix null when there is nothing more to say than the message */
    public static Document json(ExitCode code, String message, String fix) {
        return new Document(SCHEMA, "error", code.code(), message, fix);
    }
}
