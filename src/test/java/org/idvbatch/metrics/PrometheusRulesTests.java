package org.idvbatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * config/prometheus/idv-batch.rules.yml as Prometheus would load it: promtool finds nothing wrong with it, its unit
 * tests (each alert fires on a series that should raise it and stays silent on a healthy one) pass, every alert kind
 * idv-batch raises itself has a rule, and every alert carries a summary, a description and a runbook_url that is a
 * section of operations.md.
 */
@SlowTest
@SuppressWarnings("unchecked")
class PrometheusRulesTests {

    static final Path DIR = Path.of("config/prometheus").toAbsolutePath();
    static final Path RULES = DIR.resolve("idv-batch.rules.yml");
    static final Path RULE_TESTS = DIR.resolve("idv-batch.rules.test.yml");
    static final Path OPERATIONS = Path.of("src/site/markdown/operations.md");

    @Test
    void promtoolChecksTheRulesWithoutAFinding() throws Exception {
        Promtool.Result r = Promtool.run(DIR, null, "check", "rules", RULES.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS").doesNotContainIgnoringCase("warning");
    }

    @Test
    void promtoolsUnitTestsFireAndDoNotFireEveryAlert() throws Exception {
        Promtool.Result r = Promtool.run(DIR, null, "test", "rules", RULE_TESTS.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");

        // each alert of the rules is tested both ways: an expectation with alerts, and one without
        Map<String, Object> tests = new org.yaml.snakeyaml.Yaml().load(Files.readString(RULE_TESTS));
        Set<String> fires = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> expect : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<?> alerts = (List<?>) expect.get("exp_alerts");
                (alerts == null || alerts.isEmpty() ? silent : fires).add(String.valueOf(expect.get("alertname")));
            }
        }
        assertThat(fires).as("alerts tested firing").containsExactlyInAnyOrderElementsOf(alertNames());
        assertThat(silent).as("alerts tested silent on a healthy series").containsExactlyInAnyOrderElementsOf(
                alertNames());
    }

    @Test
    void everyAlertKindIdvBatchRaisesHasARule() throws Exception {
        Set<String> raised = new TreeSet<>();
        Matcher m = Pattern.compile("raise\\(job, \"([A-Z_]+)\"").matcher(Files.readString(
                Path.of("src/main/java/org/idvbatch/alert/JobAlerts.java")));
        while (m.find()) {
            raised.add(m.group(1));
        }
        assertThat(raised).hasSizeGreaterThanOrEqualTo(9);
        Set<String> ruled = new TreeSet<>();
        for (Map<String, Object> rule : alerts()) {
            Object labels = rule.get("labels");
            if (labels instanceof Map<?, ?> l && l.get("kind") != null) {
                ruled.add(String.valueOf(l.get("kind")));
            }
        }
        assertThat(ruled).containsAll(raised);
    }

    @Test
    void everyAlertHasASummaryADescriptionAndARunbookThatIsASectionOfOperations() throws Exception {
        Set<String> anchors = anchors(Files.readString(OPERATIONS));
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(13);
        for (Map<String, Object> alert : alerts) {
            Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
            String name = String.valueOf(alert.get("alert"));
            assertThat(annotations).as(name).containsKeys("summary", "description", "runbook_url");
            String runbook = String.valueOf(annotations.get("runbook_url"));
            assertThat(runbook).as(name).startsWith("src/site/markdown/operations.md#");
            assertThat(anchors).as(name + "'s runbook").contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    private static List<Map<String, Object>> alerts() throws Exception {
        Map<String, Object> rules = new org.yaml.snakeyaml.Yaml().load(Files.readString(RULES));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }

    private static Set<String> alertNames() throws Exception {
        Set<String> names = new TreeSet<>();
        alerts().forEach(a -> names.add(String.valueOf(a.get("alert"))));
        return names;
    }

    /** GitHub's (and the site's) anchors of a Markdown file's headings: lower case, punctuation dropped, '-' for spaces. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
