package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportLabelsTests {

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
