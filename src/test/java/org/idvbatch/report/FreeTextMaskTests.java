package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextMaskTests {

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
    void everyLabelExistsInBothLanguages() throws Exception {
        java.util.Properties zh = new java.util.Properties();
        java.util.Properties en = new java.util.Properties();
        try (var a = ReportLabels.class.getResourceAsStream("labels_zh_CN.properties");
             var b = ReportLabels.class.getResourceAsStream("labels_en.properties")) {
            zh.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            en.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(zh.keySet()).isEqualTo(en.keySet());
        assertThat(new ReportLabels("zh_CN").get("sheet.summary")).isEqualTo("汇总");
        assertThat(new ReportLabels("en").get("timezone")).contains("Asia/Shanghai");
    }
}
