package io.niknotes.setup.postgres;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fix for an unfinished copy is the command that finishes it: its file and the flag it ran with. */
class UnfinishedCopyFixTest {
    /** @param mode as the copy records it (TargetMode's lower-case name) */
    private static UnfinishedCopy copy(String source, String mode) {
        return new UnfinishedCopy(source, mode, true, List.of(), List.of(), List.of());
    }

    @Test
    void aTruncateRunIsFinishedWithTruncate() {
        String fix = copy("/srv/app/big.db", "truncate").fix();
        assertThat(fix).contains("run `niknotes-setup migrate-from-sqlite` again with the same file")
                .contains("`niknotes-setup migrate-from-sqlite /srv/app/big.db --truncate`")
                .doesNotContain("init --from-sqlite"); // init has no --truncate: it would refuse the rows left from before
        assertThat(copy("/srv/app/big.db", "append").fix()).contains("migrate-from-sqlite /srv/app/big.db --append`");
    }

    @Test
    void aPlainRunNamesItsFileAndInit() {
        String fix = copy("/home/me/my notes/niknotes.db", "empty_only").fix();
        assertThat(fix).contains("`niknotes-setup migrate-from-sqlite '/home/me/my notes/niknotes.db'`")
                .contains("`init --from-sqlite '/home/me/my notes/niknotes.db'`");
        assertThat(copy(null, null).fix()).isEqualTo(UnfinishedCopy.FIX);
    }
}
