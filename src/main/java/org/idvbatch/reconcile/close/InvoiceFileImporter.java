package org.idvbatch.reconcile.close;

import org.idvbatch.reconcile.statement.StatementFileImporter;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.MonthlyInvoice;
import org.idvbatch.provider.Provider;
import org.idvbatch.reconcile.statement.SheetReader;
import org.idvbatch.reconcile.statement.SourceRow;
import org.springframework.stereotype.Service;

/**
 * {@code import-invoice FILE}: a provider's monthly bill exported from its console (CSV in GBK or UTF-8, or XLSX, read
 * as the statement importer reads them), checked whole and only then kept as a version of the month's bill, exactly
 * like a bill read from the billing API (the same lines again are the same version, whatever the file format).
 * A bad row rejects the file, naming the row and the column; nothing is stored.
 *
 * <p>Columns, found by their header (Chinese or English, any order, case-insensitive; others are ignored):
 * 账期/billing cycle (YYYY-MM, one month per file), 使用日期/usage date (yyyy-MM-dd), 扣费日期/pay date (optional),
 * 产品/product, 计费项/item (optional), 账单ID/bill id (optional; default the row number), 用量/calls (whole),
 * 单价/unit price (optional), 费用/cost (optional, up to 8 decimals; default the payable), 应付金额/payable (to the
 * fen), 币种/currency (optional, CNY). By deduction day (default; both providers' monthly bills: the previous month's
 * last day is in the bill, the last day is in the next) a line's pay date defaults to the day after its usage and
 * must be in the bill's month; by usage day ({@code --by-usage-day}) the usage date must be.
 */
@Service
public class InvoiceFileImporter {

    enum Column {
        CYCLE(true, "账期", "账单月份", "billing cycle", "billingcycle", "month"),
        USAGE_DATE(true, "使用日期", "账单日期", "消费日期", "usage date", "billingdate", "usagedate"),
        PAY_DATE(false, "扣费日期", "扣费时间", "pay date", "paydate", "paytime"),
        PRODUCT(true, "产品", "产品名称", "产品Code", "product", "ProductCode"),
        ITEM(false, "计费项", "组件名称", "item", "billing item", "billingitem"),
        BILL_ID(false, "账单ID", "实例ID", "bill id", "BillId", "InstanceID"),
        CALLS(true, "用量", "使用量", "calls", "usage", "usedamount"),
        UNIT_PRICE(false, "单价", "官网价", "unit price", "unitprice", "listprice"),
        COST(false, "费用", "原始费用", "cost", "realcost"),
        PAYABLE(true, "应付金额", "实际扣费", "payable", "pretaxamount", "amount"),
        CURRENCY(false, "币种", "currency");

        final boolean required;
        final List<String> names;

        Column(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        /** The Chinese header and the first English one, e.g. 应付金额/payable. */
        String label() {
            return names.get(0) + "/" + names.stream().filter(n -> n.chars().allMatch(ch -> ch < 128)).findFirst()
                    .orElse("");
        }
    }

    /** What was kept: the version and whether it is new. */
    public record Imported(String provider, String account, YearMonth month, InvoiceStore.Stored stored) {

        public String describe() {
            return provider + " " + account + " " + month + ": bill version " + stored.version()
                    + (stored.isNew() ? " (new, " + stored.lines() + " lines)" : " (unchanged)");
        }
    }

    private final InvoiceStore store;

    InvoiceFileImporter(InvoiceStore store) {
        this.store = store;
    }

    /**
     * @param providerCode the provider, or null to take it from the file name's leading token
     * @throws RejectedInputException naming row and column; nothing was stored
     */
    public Imported importFile(Path file, String providerCode, String account, boolean byUsageDay) {
        String name = file.getFileName().toString();
        Provider provider = provider(providerCode, name);
        MonthlyInvoice invoice = parse(provider, account, name, SheetReader.read(read(file), name).rows(),
                !byUsageDay);
        return new Imported(provider.code(), account, invoice.month(), store.store(invoice, !byUsageDay));
    }

    static MonthlyInvoice parse(Provider provider, String account, String source, List<SourceRow> rows,
                                boolean byDeductionDay) {
        List<SourceRow> content = rows.stream().filter(r -> !r.blank()).toList();
        if (content.isEmpty()) {
            throw new RejectedInputException(source + ": no header row and no bill lines");
        }
        SourceRow header = content.get(0);
        Map<Column, Integer> at = columns(header, source);
        YearMonth month = null;
        List<MonthlyInvoice.Line> lines = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (SourceRow r : content.subList(1, content.size())) {
            String where = source + " row " + r.lineNo();
            YearMonth cycle = cycle(cell(r, at, Column.CYCLE), where);
            if (month == null) {
                month = cycle;
            } else if (!month.equals(cycle)) {
                throw new RejectedInputException(field(where, Column.CYCLE) + "'" + cycle + "' is not the file's month "
                        + month + " (one month per file)");
            }
            LocalDate usage = date(cell(r, at, Column.USAGE_DATE), field(where, Column.USAGE_DATE));
            String payText = cell(r, at, Column.PAY_DATE);
            LocalDate paid = payText.isEmpty() ? (byDeductionDay ? usage.plusDays(1) : usage)
                    : date(payText.length() > 10 ? payText.substring(0, 10) : payText, field(where, Column.PAY_DATE));
            if (paid.isBefore(usage)) {
                throw new RejectedInputException(field(where, Column.PAY_DATE) + paid + " is before the usage date "
                        + usage);
            }
            LocalDate inMonth = byDeductionDay ? paid : usage;
            if (!YearMonth.from(inMonth).equals(month)) {
                throw new RejectedInputException(field(where, byDeductionDay ? Column.PAY_DATE : Column.USAGE_DATE)
                        + inMonth + " is not in " + month + (byDeductionDay ? " (the bill is by deduction day: a usage"
                        + " day is paid the next day)" : " (the bill is by usage day)"));
            }
            String product = cell(r, at, Column.PRODUCT);
            if (product.isEmpty()) {
                throw new RejectedInputException(field(where, Column.PRODUCT) + "missing");
            }
            String item = cell(r, at, Column.ITEM);
            String billId = cell(r, at, Column.BILL_ID);
            String key = (billId.isEmpty() ? "row" + r.lineNo() : billId) + "/" + usage + "/" + product + "/" + item;
            Integer earlier = ids.putIfAbsent(key, r.lineNo());
            if (earlier != null) {
                throw new RejectedInputException(field(where, Column.BILL_ID) + "'" + billId + "' of " + usage + " "
                        + product + (item.isEmpty() ? "" : " " + item) + " listed again (first at row " + earlier + ")");
            }
            BigDecimal calls = number(cell(r, at, Column.CALLS), field(where, Column.CALLS), 0);
            if (calls.signum() < 0 || calls.stripTrailingZeros().scale() > 0 || calls.precision() > 15) {
                throw new RejectedInputException(field(where, Column.CALLS) + "'" + cell(r, at, Column.CALLS)
                        + "' is not a whole number of calls");
            }
            BigDecimal payable = number(cell(r, at, Column.PAYABLE), field(where, Column.PAYABLE), 2);
            String costText = cell(r, at, Column.COST);
            BigDecimal cost = costText.isEmpty() ? payable.setScale(8)
                    : number(costText, field(where, Column.COST), 8);
            String priceText = cell(r, at, Column.UNIT_PRICE);
            BigDecimal unitPrice = priceText.isEmpty() ? null : number(priceText, field(where, Column.UNIT_PRICE), 8);
            String currency = cell(r, at, Column.CURRENCY);
            if (!currency.isEmpty() && !currency.equalsIgnoreCase("CNY") && !currency.equals("人民币")) {
                throw new RejectedInputException(field(where, Column.CURRENCY) + "'" + currency + "' is not CNY");
            }
            lines.add(new MonthlyInvoice.Line(billId.isEmpty() ? "row-" + r.lineNo() : billId, usage, paid,
                    product + (item.isEmpty() ? "" : "-" + item), calls.longValueExact(), unitPrice, cost, payable));
        }
        if (lines.isEmpty()) {
            throw new RejectedInputException(source + ": a header and no bill lines (the month cannot be told)");
        }
        return invoice(provider, account, month, source, lines);
    }

    private static Map<Column, Integer> columns(SourceRow header, String source) {
        Map<Column, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String h = header.cell(i).replace("\uFEFF", "").replaceAll("[（(].*[)）]", "").strip()
                    .toLowerCase(Locale.ROOT);
            for (Column c : Column.values()) {
                if (c.names.stream().anyMatch(h::equalsIgnoreCase)) {
                    Integer earlier = at.putIfAbsent(c, i);
                    if (earlier != null) {
                        throw new RejectedInputException(source + " row " + header.lineNo() + ": two columns for "
                                + c.label() + " ('" + header.cell(earlier) + "' and '" + header.cell(i) + "')");
                    }
                }
            }
        }
        for (Column c : Column.values()) {
            if (c.required && !at.containsKey(c)) {
                throw new RejectedInputException(source + " row " + header.lineNo() + ": no column " + c.label()
                        + " (header names accepted: " + String.join(", ", c.names) + ")");
            }
        }
        return at;
    }

    private static String cell(SourceRow r, Map<Column, Integer> at, Column c) {
        Integer i = at.get(c);
        return i == null ? "" : r.cell(i).strip();
    }

    private static String field(String where, Column c) {
        return where + ", column " + c.label() + ": ";
    }

    private static YearMonth cycle(String text, String where) {
        String t = text.replace('/', '-').replace("年", "-").replace("月", "");
        try {
            if (t.matches("\\d{4}-\\d{1,2}")) {
                String[] p = t.split("-");
                return YearMonth.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            }
        } catch (java.time.DateTimeException e) {
            // below
        }
        throw new RejectedInputException(field(where, Column.CYCLE) + "'" + text + "' is not YYYY-MM");
    }

    private static LocalDate date(String text, String where) {
        try {
            return LocalDate.parse(text.replace('/', '-'));
        } catch (DateTimeParseException e) {
            throw new RejectedInputException(where + "'" + text + "' is not yyyy-MM-dd");
        }
    }

    private static BigDecimal number(String text, String where, int scale) {
        String t = text.replace(",", "").replace("¥", "").strip();
        BigDecimal value;
        try {
            value = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new RejectedInputException(where + "'" + text + "' is not a number");
        }
        if (scale > 0 && value.stripTrailingZeros().scale() > scale) {
            throw new RejectedInputException(where + text + " has more than " + scale + " decimals"
                    + (scale == 2 ? " (to the fen)" : ""));
        }
        return scale > 0 ? value.setScale(scale) : value;
    }

    /** The same lines are the same version whether exported as CSV or XLSX, under any file name. */
    private static MonthlyInvoice invoice(Provider provider, String account, YearMonth month, String source,
                                          List<MonthlyInvoice.Line> lines) {
        StringBuilder canonical = new StringBuilder("file|" + account + "|" + month);
        lines.stream().map(l -> l.billId() + "/" + l.usageDate() + "/" + l.payDate() + "/" + l.item() + "/"
                + l.calls() + "/" + l.cost().toPlainString() + "/" + l.payable().toPlainString()).sorted()
                .forEach(l -> canonical.append('|').append(l));
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            return new MonthlyInvoice(provider, account, month, "file:" + source, sha, lines);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Provider provider(String code, String fileName) {
        return StatementFileImporter.provider(code, fileName, "aliyun-cloudauth-invoice-2027-06.csv");
    }

    private static byte[] read(Path file) {
        return StatementFileImporter.read(file, "an invoice file");
    }
}
