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
        // the taxable amount per category and rate, in the order the lines first name them
        Map<String, Breakdown> taxable = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (Invoice.Line l : invoice.lines()) {
            BigDecimal amount = l.quantity().multiply(l.price()).setScale(2, RoundingMode.HALF_UP);
            lines.add(amount);
            sum = sum.add(amount);
            taxable.merge(l.category() + "/" + l.rate().stripTrailingZeros().toPlainString(),
                    new Breakdown(l.category(), l.rate(), amount, null),
                    (a, b) -> new Breakdown(a.category(), a.rate(), a.taxable().add(b.taxable()), null));
        }
        List<Breakdown> breakdown = new ArrayList<>();
        BigDecimal tax = BigDecimal.ZERO.setScale(2);
        for (Breakdown b : taxable.values()) {
            BigDecimal vat = b.taxable().multiply(b.rate()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            breakdown.add(new Breakdown(b.category(), b.rate(), b.taxable(), vat));
            tax = tax.add(vat);
        }
        BigDecimal inclusive = sum.add(tax);
        return new InvoiceTotals(lines, breakdown, sum, sum, tax, inclusive, inclusive);
    }
}
