package org.idvbatch.reconcile.statement;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of the console export format (/README, "Console statement format"): Chinese headers as the
 * consoles write them, or English ones. Headers are compared after trimming, case folding, removing spaces
 * and underscores, and turning full-width parentheses into ASCII ones.
 */
enum StatementColumn {
    DATE(true, "日期", "date"),
    ACCOUNT(false, "账号", "account"),
    PRODUCT(true, "产品", "product"),
    SCENE(true, "场景", "scene"),
    CHARGE_TYPE(false, "计费类型", "chargetype"),
    CALLS(false, "调用量", "calls"),
    BILLABLE_CALLS(true, "计费量", "billablecalls"),
    UNIT_PRICE(false, "单价(元)", "单价", "unitprice"),
    AMOUNT(false, "金额(元)", "金额", "amount");

    final boolean required;
    private final Set<String> names;

    StatementColumn(boolean required, String... names) {
        this.required = required;
        this.names = Set.of(names);
    }

    /** The header as the Chinese console writes it, used in messages. */
    String label() {
        return names.stream().filter(n -> n.codePointAt(0) > 127).sorted().reduce((a, b) -> b.length() > a.length() ? b : a)
                .orElseThrow() + "/" + names.stream().filter(n -> n.codePointAt(0) <= 127).findFirst().orElseThrow();
    }

    static Optional<StatementColumn> of(String header) {
        String h = header.replace("\uFEFF", "").replace('（', '(').replace('）', ')').replace(" ", "").replace("_", "")
                .trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.names.contains(h)).findFirst();
    }
}
