package nl.edigate.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.edigate.TestProfiles;
import nl.edigate.validation.PeppolValidator;
import nl.edigate.validation.SiUblValidator;

/**
 * SI-UBL 2.0 invoices and credit notes (issue 14): the contract's amounts, and documents that pass the
 * official SI-UBL 2.0 Schematron and the UBL XSD as the access point runs them.
 */
class SiUblMapperTest {
    static final String OIN = "00000001234567890000";
    private final SiUblMapper mapper = new SiUblMapper(TestProfiles.gateway().supplier(), "NL91ABNA0417164300",
            new SiUblMapper.Address("Stadhuisplein 1", "1234 AB", "Voorbeeldstad", "NL"));

    static Invoice.Line line(int n, String quantity, String price, Invoice.VatCategory category, String rate) {
        return new Invoice.Line(n, "Renovatie fase " + n, "ART-" + n, new BigDecimal(quantity), "HUR",
                new BigDecimal(price), category, new BigDecimal(rate), 1 + n);
    }

    static Invoice invoice(Invoice.Kind kind, String scheme, String id, String vat, List<Invoice.Line> lines, String total) {
        return new Invoice(kind == Invoice.Kind.FACTUUR ? "F-2026-001234" : "C-2026-000017", kind,
                LocalDate.of(2026, 11, 25), LocalDate.of(2026, 12, 25), scheme, id, "Gemeente Voorbeeldstad", vat,
                "GV-REF-2026-88", "PO-7781", "RC-2026-0100", "P-2026-050",
                kind == Invoice.Kind.CREDITNOTA ? "F-2026-001200" : null, lines, new BigDecimal(total),
                "invoices_20261125-231000.csv", 2, null);
    }

    @Test
    void amountsFollowTheContractLineByLineThenPerCategoryAndRate() {
        Invoice inv = invoice(Invoice.Kind.FACTUUR, "0190", OIN, null, List.of(
                line(1, "3", "33.333", Invoice.VatCategory.S, "21"),   // 99.999 -> 100.00
                line(2, "1.5", "10.005", Invoice.VatCategory.S, "21"), // 15.0075 -> 15.01
                line(3, "2", "7.25", Invoice.VatCategory.S, "9"),
                line(4, "1", "50", Invoice.VatCategory.Z, "0")), "0");
        InvoiceTotals t = InvoiceTotals.of(inv);
        assertThat(t.lineAmounts()).containsExactly(new BigDecimal("100.00"), new BigDecimal("15.01"),
                new BigDecimal("14.50"), new BigDecimal("50.00"));
        assertThat(t.breakdown()).extracting(InvoiceTotals.Breakdown::taxable, InvoiceTotals.Breakdown::tax)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new BigDecimal("115.01"), new BigDecimal("24.15")),
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("14.50"), new BigDecimal("1.31")),
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("50.00"), new BigDecimal("0.00")));
        assertThat(t.lineExtension()).isEqualByComparingTo("179.51");
        assertThat(t.tax()).isEqualByComparingTo("25.46");
        assertThat(t.payable()).isEqualByComparingTo("204.97");
    }

    @Test
    void anInvoiceToTheMunicipalityPassesSiUbl20() {
        Invoice inv = invoice(Invoice.Kind.FACTUUR, "0190", OIN, null, List.of(
                line(1, "12", "65.50", Invoice.VatCategory.S, "21"),
                line(2, "3", "12.25", Invoice.VatCategory.S, "9"),
                line(3, "1", "250", Invoice.VatCategory.Z, "0")), "1241.12");
        String xml = mapper.toXml(inv);
        assertThat(SiUblValidator.get().validate(SiUblValidator.INVOICE, xml)).isEmpty();
        assertThat(xml).contains("<cbc:CustomizationID>" + SiUblMapper.CUSTOMIZATION_ID,
                "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:BuyerReference>GV-REF-2026-88",
                "<cbc:EndpointID schemeID=\"0190\">" + OIN, "<cbc:PaymentMeansCode>58", "NL91ABNA0417164300",
                "<cbc:PayableAmount currencyID=\"EUR\">1241.12</cbc:PayableAmount>");
    }

    @Test
    void aCreditNoteNamesTheInvoiceItCorrectsAndPasses() {
        Invoice cn = invoice(Invoice.Kind.CREDITNOTA, "0190", OIN, null, List.of(
                line(1, "2", "65.50", Invoice.VatCategory.S, "21")), "158.51");
        String xml = mapper.toXml(cn);
        List<PeppolValidator.Finding> findings = SiUblValidator.get().validate(SiUblValidator.CREDIT_NOTE, xml);
        assertThat(findings).as(xml).isEmpty();
        assertThat(xml).contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>",
                "<cac:InvoiceDocumentReference>", "<cbc:ID>F-2026-001200</cbc:ID>", "<cbc:PaymentDueDate>2026-12-25");
    }

    @Test
    void aReverseChargeInvoiceToABuilderCarriesTheExemptionTextAndTheBuyersVatNumber() {
        Invoice rc = invoice(Invoice.Kind.FACTUUR, "0106", "87654321", "NL987654321B01", List.of(
                line(1, "40", "45", Invoice.VatCategory.AE, "0")), "1800.00");
        String xml = mapper.toXml(rc);
        assertThat(SiUblValidator.get().validate(SiUblValidator.INVOICE, xml)).as(xml).isEmpty();
        assertThat(xml).contains("<cbc:ID>AE</cbc:ID>", "<cbc:TaxExemptionReason>BTW verlegd</cbc:TaxExemptionReason>",
                "<cbc:CompanyID>NL987654321B01</cbc:CompanyID>");
    }

    @Test
    void aDocumentWithoutTheMunicipalitysReferenceFailsTheRules() {
        Invoice inv = invoice(Invoice.Kind.FACTUUR, "0190", OIN, null, List.of(
                line(1, "1", "10", Invoice.VatCategory.S, "21")), "12.10");
        Invoice noReference = new Invoice(inv.number(), inv.kind(), inv.issueDate(), inv.dueDate(), inv.buyerScheme(),
                inv.buyerId(), inv.buyerName(), null, null, null, null, null, null, inv.lines(), inv.erpTotal(),
                inv.sourceFile(), inv.firstLine(), null);
        assertThat(SiUblValidator.get().validate(SiUblValidator.INVOICE, mapper.toXml(noReference)))
                .isNotEmpty();
    }
}
