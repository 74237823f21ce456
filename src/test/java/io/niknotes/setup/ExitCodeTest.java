package io.niknotes.setup;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodeTest {
    @Test
    void codesAreDistinctAndDocumentedInTheReadme() throws Exception {
        assertThat(new HashSet<>(Arrays.stream(ExitCode.values()).map(ExitCode::code).toList())).hasSize(ExitCode.values().length);
        String readme = Files.readString(Path.of("README.md"));
        for (ExitCode c : ExitCode.values()) {
            assertThat(readme).as("README documents exit code " + c + " and its meaning")
                    .contains("| " + c.code() + " | `" + c.name() + "` | " + c.meaning() + " |");
        }
    }

    @Test
    void worstPrefersTheSpecificFailure() {
        assertThat(ExitCode.OK.worst(ExitCode.FAILED)).isEqualTo(ExitCode.FAILED);
        assertThat(ExitCode.FAILED.worst(ExitCode.AUTH_FAILED)).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(ExitCode.CANNOT_CONNECT.worst(ExitCode.OK)).isEqualTo(ExitCode.CANNOT_CONNECT);
    }
}
