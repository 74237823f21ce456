package io.niknotes.setup.sqlite;

import io.niknotes.setup.support.CopyFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which child keys have no parent: SQLite's own comparison rules (affinity, collation), whichever query is used. */
class OrphanQueryTest {
    @TempDir
    Path dir;
    private int files;

    private List<List<String>> missing(String child, List<String> childColumns, String parent, List<String> parentColumns, String... sql)
            throws Exception {
        Path f = dir.resolve("orphans-" + (++files) + ".db");
        CopyFixtures.sqlite(f, sql);
        try (Snapshot s = Snapshot.open(f)) {
            return s.missingParents(s.tables().get(child), childColumns, parent, parentColumns);
        }
    }

    @Test
    void plainTextKeysUseTheDistinctValuesAndNeverBindToAParentColumnOfTheSameName() throws Exception {
        assertThat(missing("c", List.of("pid"), "p", List.of("id"),
                "create table p (id varchar primary key, k0 text)", "insert into p values ('a', 'b')",
                "create table c (pid varchar)", "insert into c values ('a'), ('b'), ('b'), (null)"))
                .containsExactly(List.of("b"));
    }

    @Test
    void collationsAndMixedTypesAreComparedAsSqliteDoes() throws Exception {
        assertThat(missing("c", List.of("pid"), "p", List.of("id"),
                "create table p (id text primary key)", "insert into p values ('abc')",
                "create table c (pid text collate nocase)", "insert into c values ('abc'), ('ABC')"))
                .containsExactly(List.of("ABC"));
        assertThat(missing("c", List.of("pid"), "p", List.of("id"),
                "create table p (id text primary key)", "insert into p values ('2')",
                "create table c (pid)", "insert into c values (1), (1.0), ('2')"))
                .containsExactlyInAnyOrder(List.of("1"), List.of("1.0"));
        // numeric affinity on the child: '1.0' in the text parent equals the integer 1
        assertThat(missing("c", List.of("pid"), "p", List.of("id"),
                "create table p (id text primary key, k0 text)", "insert into p values ('1.0', 'zzz')",
                "create table c (pid integer)", "insert into c values (1)"))
                .isEmpty();
    }

    @Test
    void selfReferencesAndCompositeKeys() throws Exception {
        assertThat(missing("t", List.of("parent_id"), "t", List.of("id"),
                "create table t (id varchar primary key, parent_id varchar)", "insert into t values ('a', null), ('b', 'a'), ('c', 'x')"))
                .containsExactly(List.of("x"));
        assertThat(missing("c", List.of("a", "b"), "p", List.of("a", "b"),
                "create table p (a varchar, b varchar, primary key (a, b))", "insert into p values ('1', '1')",
                "create table c (a varchar, b varchar)", "insert into c values ('1', '1'), ('1', '2'), ('1', null)"))
                .containsExactly(List.of("1", "2"));
    }
}
