package io.niknotes.setup.support;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What must never appear in what the tool printed: a password, a stack trace (without --verbose). */
public final class Leaks {
    private Leaks() {
    }

    /**
     * Asserts that neither the suite's own passwords (the PostgreSQL superuser's, Redis's, the copy fixtures' app role's)
     * nor any of {@code more} appear in the run's stdout, stderr or library output.
     */
    public static void assertNoSecrets(Cli.Result r, String... more) {
        List<String> secrets = new ArrayList<>(List.of(TestServers.PG_SUPERUSER_PASSWORD, TestServers.REDIS_PASSWORD,
                CopyFixtures.PASSWORD));
        secrets.addAll(List.of(more));
        String all = r.all();
        for (String secret : secrets) {
            assertThat(all.contains(secret)).as("a password leaked into the output:\n%s", r).isFalse();
        }
    }

    public static void assertNoStackTrace(Cli.Result r) {
        assertThat(r.all()).as("a stack trace without --verbose").doesNotContain("\tat ");
    }
}
