package io.niknotes.setup.sqlite;

import java.io.IOException;

/** What a page of the file shows that SQLite never writes: the message names the page, its owner and the damage. */
final class Damage extends IOException {
    Damage(String what) {
        super(what);
    }
}
