package org.idvbatch.metrics;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series names a PromQL expression selects, and the label names its matchers use, for checking a dashboard or a
 * rule against what the daemon really exposes. A small reading of PromQL, enough for what the repository's rules and
 * dashboard write: selectors {@code name{label="v",...}[range]}, aggregations with {@code by/without (...)}, vector
 * matching with {@code on/ignoring (...)} and {@code group_left/right (...)}, functions, numbers and operators.
 */
final class PromqlNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*S");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![a-zA-Z0-9_:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "e");

    private PromqlNames() {
    }

    /** Metric (or recording-rule) name → the label names the expression matches or groups it by. */
    static Map<String, Set<String>> of(String expr) {
        String e = STRING.matcher(expr).replaceAll("S");
        e = RANGE.matcher(e).replaceAll(" ");
        Map<String, Set<String>> names = new TreeMap<>();
        Matcher selector = SELECTOR.matcher(e);
        StringBuilder rest = new StringBuilder();
        while (selector.find()) {
            Set<String> labels = new LinkedHashSet<>();
            Matcher m = MATCHER.matcher(selector.group(2));
            while (m.find()) {
                labels.add(m.group(1));
            }
            String name = selector.group(1);
            if (name != null && !KEYWORDS.contains(name)) {
                names.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(labels);
            }
            selector.appendReplacement(rest, " ");
        }
        selector.appendTail(rest);
        e = GROUPING.matcher(rest).replaceAll(" ");
        Matcher id = IDENTIFIER.matcher(e);
        while (id.find()) {
            String name = id.group(1);
            int after = id.end();
            while (after < e.length() && Character.isWhitespace(e.charAt(after))) {
                after++;
            }
            boolean function = after < e.length() && e.charAt(after) == '(';
            if (!function && !KEYWORDS.contains(name)) {
                names.computeIfAbsent(name, n -> new LinkedHashSet<>());
            }
        }
        return names;
    }

    /** The label names an expression groups by (by/on/...): they must exist on what it aggregates. */
    static Set<String> groupingLabels(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher g = GROUPING.matcher(STRING.matcher(expr).replaceAll("S"));
        while (g.find()) {
            for (String l : g.group(2).split(",")) {
                if (!l.isBlank()) {
                    labels.add(l.strip());
                }
            }
        }
        return labels;
    }
}
