package org.idvbatch.reconcile.statement;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of the console export format (/src/site/markdown/reconciliation.md, "Console statement format"): Chinese headers as the
 * consoles write them, or English ones. Headers are compared after trimming, case folding, removing spaces
 * and underscores, and turning full-width parentheses into ASCII ones.
 */
enum StatementColumn {
    DATE(true, "日期/Date", "日期", "date"),
    ACCOUNT(false, "账号/Account", "账号", "account"),
    PRODUCT(true, "产品/Product", "产品", "product"),
    SCENE(true, "场景/Scene", "场景", "scene"),
    CHARGE_TYPE(false, "计费类型/ChargeType", "计费类型", "chargetype"),
    CALLS(false, "调用量/Calls", "调用量", "calls"),
    BILLABLE_CALLS(true, "计费量/BillableCalls", "计费量", "billablecalls"),
    UNIT_PRICE(false, "单价(元)/UnitPrice", "单价(元)", "单价", "unitprice"),
    AMOUNT(false, "金额(元)/Amount", "金额(元)", "金额", "amount");

    final boolean required;
    private final String label;
    private final Set<String> names;

    StatementColumn(boolean required, String label, String... names) {
        this.required = required;
        this.label = label;
        this.names = Set.of(names);
    }

    /** Both spellings of the header, used in messages. */
    String label() {
        return label;
    }

    static Optional<StatementColumn> of(String header) {
        String h = header.replace("\uFEFF", "").replace('（', '(').replace('）', ')').replace(" ", "").replace("_", "")
                .trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.names.contains(h)).findFirst();
    }
}
