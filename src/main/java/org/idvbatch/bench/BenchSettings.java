package org.idvbatch.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings that keep a benchmark off the user's data: a throw-away embedded database (whatever config/ or
 * {@code IDV_DB_URL} says), and the keys, archive, data and report directories under the bench's scratch directory.
 * A command's properties outrank every config file, so these win.
 */
public final class BenchSettings {

    private BenchSettings() {
    }

    /** A new, modifiable map of the isolating settings, every file under {@code scratch}; add the bench's own. */
    public static Map<String, Object> isolated(Path scratch) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", "");
        settings.put("idv.database.embedded.ephemeral", "true");
        settings.put("idv.data-dir", scratch.toString());
        settings.put("idv.reports.dir", scratch.resolve("reports").toString());
        settings.put("idv.identity.hmac-key-file", scratch.resolve("hmac.key").toString());
        settings.put("idv.archive.root", scratch.resolve("archive").toString());
        settings.put("idv.archive.kek-file", scratch.resolve("kek.json").toString());
        return settings;
    }
}
