package org.idvbatch.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Headers and labels in the configured language (Chinese finance teams first), from
 * {@code labels_<language>.properties} beside this class (UTF-8).
 */
final class ReportLabels {

    private final Properties text = new Properties();

    ReportLabels(String language) {
        String file = "labels_" + language + ".properties";
        try (InputStream in = ReportLabels.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalArgumentException("no report labels for language " + language);
            }
            text.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file, e);
        }
    }

    String get(String key) {
        String value = text.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no report label " + key);
        }
        return value;
    }
}
