package nl.edigate.invoices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The amounts of an invoice as the contract computes them (client-gemeente-interface.md, section 2): a
 * line's net amount is quantity times net price rounded to cents; the VAT of a category and rate is the
 * sum of its line amounts times the rate, rounded to cents; the totals as EN 16931 defines them
 * (BR-CO-10 to BR-CO-16, no allowances or charges, nothing prepaid).
 */
public record InvoiceTotals(List<BigDecimal> lineAmounts, List<Breakdown> breakdown, BigDecimal lineExtension,
                            BigDecimal taxExclusive, BigDecimal tax, BigDecimal taxInclusive, BigDecimal payable) {

    /** One VAT breakdown (BG-23): category, rate, taxable amount and VAT. */
    public record Breakdown(Invoice.VatCategory category, BigDecimal rate, BigDecimal taxable, BigDecimal tax) {
    }

    public static InvoiceTotals of(Invoice invoice) {
        List<BigDecimal> lines = new ArrayList<>();
        Map<String, BigDecimal[]> byCategory = new LinkedHashMap<>();
        Map<String, Invoice.Line> first = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (Invoice.Line l : invoice.lines()) {
            BigDecimal amount = l.quantity().multiply(l.price()).setScale(2, RoundingMode.HALF_UP);
            lines.add(amount);
            sum = sum.add(amount);
            String key = l.category() + "/" + l.rate().stripTrailingZeros().toPlainString();
            byCategory.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO.setScale(2)})[0] =
                    byCategory.get(key)[0].add(amount);
            first.putIfAbsent(key, l);
        }
        List<Breakdown> breakdown = new ArrayList<>();
        BigDecimal tax = BigDecimal.ZERO.setScale(2);
        for (Map.Entry<String, BigDecimal[]> e : byCategory.entrySet()) {
            Invoice.Line l = first.get(e.getKey());
            BigDecimal taxable = e.getValue()[0];
            BigDecimal vat = taxable.multiply(l.rate()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            breakdown.add(new Breakdown(l.category(), l.rate(), taxable, vat));
            tax = tax.add(vat);
        }
        BigDecimal inclusive = sum.add(tax);
        return new InvoiceTotals(lines, breakdown, sum, sum, tax, inclusive, inclusive);
    }
}
