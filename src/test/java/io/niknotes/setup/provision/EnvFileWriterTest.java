package io.niknotes.setup.provision;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvFileWriterTest {
    private static Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DATABASE_URL", "postgresql://u:p@h:5432/d");
        m.put("REDIS_URL", "redis://h:6379/0");
        return m;
    }

    @Test
    void replacesInPlaceKeepsExportAndAppendsMissingKeys() {
        String text = "# top\nexport DATABASE_URL = sqlite:///niknotes.db\nOTHER=1 # note\n";
        assertThat(EnvFileWriter.update(text, values()))
                .isEqualTo("# top\nexport DATABASE_URL=postgresql://u:p@h:5432/d\nOTHER=1 # note\nREDIS_URL=redis://h:6379/0\n");
    }

    @Test
    void fileWithoutTrailingNewlineAndCrlfLines() {
        assertThat(EnvFileWriter.update("A=1\r\nREDIS_URL=old\r\nB=2", values()))
                .isEqualTo("A=1\r\nREDIS_URL=redis://h:6379/0\r\nB=2\nDATABASE_URL=postgresql://u:p@h:5432/d\n");
    }

    @Test
    void emptyFileGetsAHeaderAndBothKeys() {
        assertThat(EnvFileWriter.update("", values()))
                .isEqualTo("# written by niknotes-setup init\nDATABASE_URL=postgresql://u:p@h:5432/d\nREDIS_URL=redis://h:6379/0\n");
    }

    @Test
    void unchangedTextIsIdentical() {
        String text = "DATABASE_URL=postgresql://u:p@h:5432/d\n# keep\nREDIS_URL=redis://h:6379/0\n";
        assertThat(EnvFileWriter.update(text, values())).isEqualTo(text);
    }

    @Test
    void commentedOutAssignmentsAreLeftAlone() {
        assertThat(EnvFileWriter.update("# DATABASE_URL=postgresql://old\n", values()))
                .startsWith("# DATABASE_URL=postgresql://old\nDATABASE_URL=postgresql://u:p@h:5432/d\n");
    }
}
