package io.niknotes.setup.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DotEnvTest {
    @Test
    void pythonDotenvSyntax() {
        String text = """
                # NikNotes settings
                DATABASE_URL=postgresql://u:p@localhost:5432/db   # trailing comment
                export REDIS_URL="redis://localhost:6379/0"
                SINGLE='literal ${HOME} \\n stays'
                DOUBLE="line1\\nline2 \\"quoted\\""
                MULTI="first
                second"
                EMPTY=
                SPACED = spaced value
                HASH=abc#def
                EXPANDED=${BASE}/sub
                DEFAULTED=${MISSING:-fallback}
                BASE_LOCAL=x
                FROM_FILE=${BASE_LOCAL}-y
                not a line
                """;
        Map<String, String> v = DotEnv.parse(text, Map.of("BASE", "/opt"));
        assertThat(v).containsEntry("DATABASE_URL", "postgresql://u:p@localhost:5432/db")
                .containsEntry("REDIS_URL", "redis://localhost:6379/0")
                .containsEntry("SINGLE", "literal ${HOME} \\n stays")
                .containsEntry("DOUBLE", "line1\nline2 \"quoted\"")
                .containsEntry("MULTI", "first\nsecond")
                .containsEntry("EMPTY", "")
                .containsEntry("SPACED", "spaced value")
                .containsEntry("HASH", "abc#def")
                .containsEntry("EXPANDED", "/opt/sub")
                .containsEntry("DEFAULTED", "fallback")
                .containsEntry("FROM_FILE", "x-y");
        assertThat(v).doesNotContainKey("not a line");
    }
}
