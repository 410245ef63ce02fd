package org.idvbatch.report;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Workbook;

/** The few cell styles a workbook shares (POI limits styles per file, so they are made once). */
final class SheetStyles {

    final CellStyle header;
    final CellStyle title;
    final CellStyle dateTime;
    final CellStyle date;
    final CellStyle integer;

    SheetStyles(Workbook wb) {
        Font bold = wb.createFont();
        bold.setBold(true);
        header = wb.createCellStyle();
        header.setFont(bold);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        Font big = wb.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        title = wb.createCellStyle();
        title.setFont(big);
        dateTime = wb.createCellStyle();
        dateTime.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        date = wb.createCellStyle();
        date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
        integer = wb.createCellStyle();
        integer.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
    }
}
