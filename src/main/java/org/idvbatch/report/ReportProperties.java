package org.idvbatch.report;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir              root of the workbooks ({@code reports/YYYY/MM/...})
 * @param language         {@code zh_CN} (default) or {@code en} for headers and labels
 * @param sessionsCsvAbove a day with more sessions than this gets its session detail in a compressed CSV file beside
 *                         the workbook instead of the Sessions sheet; 0: always. The default, 1,000,000, is below
 *                         Excel's 1,048,576 rows, so that a day's detail fits one Sessions sheet until it goes to
 *                         the file
 */
@ConfigurationProperties("idv.reports")
public record ReportProperties(@DefaultValue("reports") Path dir, @DefaultValue("zh_CN") String language,
                               @DefaultValue("1000000") long sessionsCsvAbove) {

    public ReportProperties {
        if (!language.equals("zh_CN") && !language.equals("en")) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.reports.language", language, "zh_CN or en");
        }
        if (sessionsCsvAbove < 0) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.reports.sessions-csv-above",
                    sessionsCsvAbove, "a number of sessions, 0 (always a file) or more");
        }
    }
}
