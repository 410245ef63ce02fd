package org.idvbatch.report;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir      root of the workbooks ({@code reports/YYYY/MM/...})
 * @param language {@code zh_CN} (default) or {@code en} for headers and labels
 */
@ConfigurationProperties("idv.reports")
public record ReportProperties(@DefaultValue("reports") Path dir, @DefaultValue("zh_CN") String language) {

    public ReportProperties {
        if (!language.equals("zh_CN") && !language.equals("en")) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.reports.language", language, "zh_CN or en");
        }
    }
}
