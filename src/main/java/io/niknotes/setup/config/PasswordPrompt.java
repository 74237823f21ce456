package io.niknotes.setup.config;

import java.util.Optional;

/** Asks the person at the terminal for a password; empty when nobody can be asked (no terminal, --json, CI). */
@FunctionalInterface
public interface PasswordPrompt {
    PasswordPrompt NONE = question -> Optional.empty();

    Optional<String> ask(String question);
}
