package io.niknotes.setup.sqlite;

/** SQLite's storage classes (datatype3.html, 2.): what a stored value is, whatever its column's declared type. */
public enum StorageClass {
    NULL, INTEGER, REAL, TEXT, BLOB
}
