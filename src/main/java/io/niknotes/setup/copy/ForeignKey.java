package io.niknotes.setup.copy;

import java.util.List;

/** A foreign key of the target schema: child(columns) references parent(columns). */
public record ForeignKey(String name, String child, List<String> childColumns, String parent, List<String> parentColumns) {
    public ForeignKey {
        childColumns = List.copyOf(childColumns);
        parentColumns = List.copyOf(parentColumns);
    }

    public String describe() {
        return child + "(" + String.join(", ", childColumns) + ") → " + parent + "(" + String.join(", ", parentColumns) + ")";
    }
}
