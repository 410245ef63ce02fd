package org.idvbatch.reconcile.statement;

import java.util.List;

/** One non-blank row of a statement file as text cells, with the line (CSV) or row (XLSX) number it came from. */
record SourceRow(int lineNo, List<String> cells) {

    String cell(int index) {
        return index < cells.size() ? cells.get(index).trim() : "";
    }

    boolean blank() {
        return cells.stream().allMatch(c -> c.isBlank());
    }
}
