package io.niknotes.setup.output;

import io.niknotes.setup.outcome.Status;

import java.util.ArrayList;
import java.util.List;

/** A compact text table: columns sized to their content, numbers right-aligned, cells optionally coloured by status. */
final class TextTable {
    record Cell(String text, Status status) {
    }

    private final List<String> headers;
    private final boolean[] right;
    private final List<List<Cell>> rows = new ArrayList<>();

    /** @param headers a header starting with '>' is right-aligned (the '>' is not printed) */
    TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            this.headers.add(right[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    TextTable row(Object... cells) {
        List<Cell> row = new ArrayList<>();
        for (Object c : cells) row.add(c instanceof Cell cell ? cell : new Cell(c == null ? "-" : c.toString(), null));
        rows.add(row);
        return this;
    }

    static Cell painted(String text, Status status) {
        return new Cell(text, status);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    List<String> render(Console console, String indent) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
        for (List<Cell> row : rows) {
            for (int i = 0; i < row.size() && i < width.length; i++) width[i] = Math.max(width[i], row.get(i).text().length());
        }
        List<String> out = new ArrayList<>();
        StringBuilder h = new StringBuilder(indent);
        for (int i = 0; i < width.length; i++) h.append(pad(headers.get(i), width[i], right[i])).append(i + 1 < width.length ? "  " : "");
        out.add(console.dim(h.toString().stripTrailing()));
        for (List<Cell> row : rows) {
            StringBuilder b = new StringBuilder(indent);
            for (int i = 0; i < row.size() && i < width.length; i++) {
                Cell c = row.get(i);
                String padded = pad(c.text(), width[i], right[i]);
                b.append(c.status() == null ? padded : console.paint(c.status(), padded)).append(i + 1 < width.length ? "  " : "");
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
