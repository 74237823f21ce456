package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.sqlite.FileIntegrity;
import io.niknotes.setup.sqlite.Snapshot;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The source's structure check ({@link Snapshot#checkStructure()}: the trees, the freelist and every page's use, read
 * from the pages), run beside the load: every table's commit waits for its verdict, and the page reader checks each
 * record it decodes, so nothing of a damaged file (torn, a corrupt page) is ever committed.
 */
final class Integrity {
    private final Path file;
    private final CompletableFuture<String> verdict;

    private Integrity(Path file, CompletableFuture<String> verdict) {
        this.file = file;
        this.verdict = verdict;
    }

    static Integrity check(Snapshot source) {
        return new Integrity(source.file(), source.checkStructure());
    }

    /** Waits for the verdict; a damaged file is SOURCE_INVALID naming the damage. */
    void awaitSound() {
        String damage;
        try {
            damage = verdict.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(ExitCode.INTERRUPTED, "interrupted while waiting for the check of " + file, null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SetupException s) throw s;
            throw FileIntegrity.of(file, (Exception) e.getCause());
        }
        if (damage != null) {
            throw FileIntegrity.damaged(file, shorten(damage), null);
        }
    }

    /**
     * A failure before anything was written: when it is damage (SQLite's "malformed", or a page the reader could not
     * decode), the structure check's verdict names the page and the damage; either way nothing was committed.
     */
    SetupException beforeWriting(SetupException e) {
        if (!FileIntegrity.isDamage(e, file)) return e;
        String damage = null;
        try {
            damage = verdict.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException unreadable) {
            // SQLite's own words, below
        }
        String what = damage != null ? shorten(damage) : FileIntegrity.damage(e, file);
        return FileIntegrity.damaged(file, what + "; nothing of it was committed", e);
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + " …";
    }
}
