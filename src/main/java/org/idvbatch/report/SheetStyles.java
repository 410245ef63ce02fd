package org.idvbatch.report;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;

/** The few cell styles a workbook shares (a file holds a limited number of styles, so they are made once). */
final class SheetStyles {

    /** CNY to the fen; negative differences in red. */
    static final String CNY = "\"¥\"#,##0.00;[Red]-\"¥\"#,##0.00";
    static final String PRICE = "\"¥\"#,##0.0000";

    /** The workbook's default style (index 0), set on plain cells explicitly (see {@link TableSheet}). */
    final CellStyle plain;
    final CellStyle header;
    final CellStyle title;
    final CellStyle section;
    final CellStyle wrapped;
    final CellStyle dateTime;
    final CellStyle date;
    final CellStyle integer;
    final CellStyle amount;
    final CellStyle price;
    final CellStyle percent;
    final CellStyle seconds;
    final CellStyle decimal;
    final CellStyle green;
    final CellStyle amber;
    final CellStyle red;

    SheetStyles(Workbook wb) {
        DataFormat formats = wb.createDataFormat();
        plain = wb.getCellStyleAt(0);
        Font bold = wb.createFont();
        bold.setBold(true);
        header = wb.createCellStyle();
        header.setFont(bold);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        header.setWrapText(true);
        Font big = wb.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        title = wb.createCellStyle();
        title.setFont(big);
        section = wb.createCellStyle();
        section.setFont(bold);
        wrapped = wb.createCellStyle();
        wrapped.setWrapText(true);
        wrapped.setVerticalAlignment(VerticalAlignment.TOP);
        dateTime = format(wb, formats, "yyyy-mm-dd hh:mm:ss");
        date = format(wb, formats, "yyyy-mm-dd");
        integer = format(wb, formats, "#,##0");
        amount = format(wb, formats, CNY);
        price = format(wb, formats, PRICE);
        percent = format(wb, formats, "0.00%");
        seconds = format(wb, formats, "#,##0.0");
        decimal = format(wb, formats, "#,##0.00");
        green = light(wb, IndexedColors.LIGHT_GREEN);
        amber = light(wb, IndexedColors.LIGHT_ORANGE);
        red = light(wb, IndexedColors.CORAL);
    }

    CellStyle of(TrafficLight light) {
        return switch (light) {
            case GREEN -> green;
            case AMBER -> amber;
            case RED -> red;
        };
    }

    private static CellStyle format(Workbook wb, DataFormat formats, String pattern) {
        CellStyle style = wb.createCellStyle();
        style.setDataFormat(formats.getFormat(pattern));
        return style;
    }

    private static CellStyle light(Workbook wb, IndexedColors color) {
        CellStyle style = wb.createCellStyle();
        style.setFillForegroundColor(color.getIndex());
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return style;
    }
}
