package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextMaskTest {

    @Test
    void masksIdNumberShapedTextInsideMerchantFields() {
        assertThat(FreeTextMask.idNumbers("order-11010519491231002X")).isEqualTo("order-110105********002X");
        assertThat(FreeTextMask.idNumbers("330103199001010101/a")).isEqualTo("330103********0101/a");
        assertThat(FreeTextMask.idNumbers("x11010519491231002x-2")).isEqualTo("x110105********002X-2");
    }

    @Test
    void leavesShorterAndLongerNumbersAlone() {
        assertThat(FreeTextMask.idNumbers("order-1234567890123456")).isEqualTo("order-1234567890123456");
        assertThat(FreeTextMask.idNumbers("ref-1234567890123456789")).isEqualTo("ref-1234567890123456789");
        assertThat(FreeTextMask.idNumbers(null)).isNull();
    }

    @Test
    void everyLabelExistsInBothLanguages() {
        ReportLabels zh = new ReportLabels("zh_CN");
        ReportLabels en = new ReportLabels("en");
        assertThat(zh.get("sheet.summary")).isEqualTo("汇总");
        assertThat(en.get("sheet.summary")).isEqualTo("Summary");
        assertThat(en.get("timezone")).contains("Asia/Shanghai");
    }
}
