package org.idvbatch.reconcile.statement;

import java.util.List;

/** One non-blank row of a statement file as text cells, with the line (CSV) or row (XLSX) number it came from. */
public record SourceRow(int lineNo, List<String> cells) {

    public String cell(int index) {
        return index < cells.size() ? cells.get(index).trim() : "";
    }

    public boolean blank() {
        return cells.stream().allMatch(c -> c.isBlank());
    }
}
