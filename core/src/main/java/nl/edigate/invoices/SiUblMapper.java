package nl.edigate.invoices;

import java.math.BigDecimal;

import com.helger.ubl21.UBL21Marshaller;

import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.AddressType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.BillingReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CountryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CreditNoteLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.FinancialAccountType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.InvoiceLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.MonetaryTotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyLegalEntityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyNameType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyTaxSchemeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentMeansType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PriceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxCategoryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSchemeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSubtotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxTotalType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.CompanyIDType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.EndpointIDType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxExemptionReasonType;
import oasis.names.specification.ubl.schema.xsd.creditnote_21.CreditNoteType;
import oasis.names.specification.ubl.schema.xsd.invoice_21.InvoiceType;

import nl.edigate.config.SupplierIdentity;

/**
 * Maps one checked invoice to an SI-UBL 2.0 (NLCIUS) Invoice or CreditNote in UBL 2.1
 * (client-gemeente-interface.md, section 2), with the amounts of {@link InvoiceTotals}. The seller's
 * identifiers, address and IBAN and the buyer's address are configuration, not ERP data.
 */
public final class SiUblMapper {
    public static final String CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0";
    public static final String PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    private static final String EUR = "EUR";
    private static final String KVK_SCHEME = "0106";
    /** The exemption reason text of a reverse-charge breakdown, as the contract says. */
    public static final String REVERSE_CHARGE_TEXT = "BTW verlegd";

    /** A postal address (BG-5, BG-8). */
    public record Address(String street, String postcode, String city, String country) {
    }

    private final SupplierIdentity supplier;
    private final String supplierIban;
    private final Address buyerAddress;

    public SiUblMapper(SupplierIdentity supplier, String supplierIban, Address buyerAddress) {
        this.supplier = supplier;
        this.supplierIban = supplierIban;
        this.buyerAddress = buyerAddress;
    }

    /** The document as XML, under the invoice's own number (BT-1). */
    public String toXml(Invoice invoice) {
        InvoiceTotals totals = InvoiceTotals.of(invoice);
        String xml = invoice.kind() == Invoice.Kind.FACTUUR
                ? UBL21Marshaller.invoice().setFormattedOutput(true).getAsString(invoice(invoice, totals))
                : UBL21Marshaller.creditNote().setFormattedOutput(true).getAsString(creditNote(invoice, totals));
        if (xml == null) {
            throw new IllegalStateException("invoice " + invoice.number() + " could not be written as UBL");
        }
        return xml;
    }

    InvoiceType invoice(Invoice inv, InvoiceTotals totals) {
        InvoiceType d = new InvoiceType();
        d.setCustomizationID(CUSTOMIZATION_ID);
        d.setProfileID(PROFILE_ID);
        d.setID(inv.number());
        d.setIssueDate(inv.issueDate());
        d.setDueDate(inv.dueDate());
        d.setInvoiceTypeCode(inv.kind().typeCode);
        d.setDocumentCurrencyCode(EUR);
        if (inv.buyerReference() != null) {
            d.setBuyerReference(inv.buyerReference());
        }
        if (inv.orderReference() != null) {
            d.setOrderReference(orderReference(inv));
        }
        d.setAccountingSupplierParty(seller());
        d.setAccountingCustomerParty(buyer(inv));
        d.addPaymentMeans(payment(null));
        d.addTaxTotal(taxTotal(totals));
        d.setLegalMonetaryTotal(monetaryTotal(totals));
        for (int i = 0; i < inv.lines().size(); i++) {
            Invoice.Line l = inv.lines().get(i);
            InvoiceLineType line = new InvoiceLineType();
            line.setID(Integer.toString(l.lineNumber()));
            line.setInvoicedQuantity(l.quantity()).setUnitCode(l.unitCode());
            line.setLineExtensionAmount(totals.lineAmounts().get(i)).setCurrencyID(EUR);
            line.setItem(item(l));
            line.setPrice(price(l));
            d.addInvoiceLine(line);
        }
        return d;
    }

    CreditNoteType creditNote(Invoice inv, InvoiceTotals totals) {
        CreditNoteType d = new CreditNoteType();
        d.setCustomizationID(CUSTOMIZATION_ID);
        d.setProfileID(PROFILE_ID);
        d.setID(inv.number());
        d.setIssueDate(inv.issueDate());
        d.setCreditNoteTypeCode(inv.kind().typeCode);
        d.setDocumentCurrencyCode(EUR);
        if (inv.buyerReference() != null) {
            d.setBuyerReference(inv.buyerReference());
        }
        if (inv.orderReference() != null) {
            d.setOrderReference(orderReference(inv));
        }
        BillingReferenceType billing = new BillingReferenceType();
        DocumentReferenceType corrected = new DocumentReferenceType();
        corrected.setID(inv.originalInvoice());
        billing.setInvoiceDocumentReference(corrected);
        d.addBillingReference(billing);
        d.setAccountingSupplierParty(seller());
        d.setAccountingCustomerParty(buyer(inv));
        // a credit note has no cbc:DueDate in UBL 2.1: BT-9 goes into the payment means
        d.addPaymentMeans(payment(inv));
        d.addTaxTotal(taxTotal(totals));
        d.setLegalMonetaryTotal(monetaryTotal(totals));
        for (int i = 0; i < inv.lines().size(); i++) {
            Invoice.Line l = inv.lines().get(i);
            CreditNoteLineType line = new CreditNoteLineType();
            line.setID(Integer.toString(l.lineNumber()));
            line.setCreditedQuantity(l.quantity()).setUnitCode(l.unitCode());
            line.setLineExtensionAmount(totals.lineAmounts().get(i)).setCurrencyID(EUR);
            line.setItem(item(l));
            line.setPrice(price(l));
            d.addCreditNoteLine(line);
        }
        return d;
    }

    private static OrderReferenceType orderReference(Invoice inv) {
        OrderReferenceType order = new OrderReferenceType();
        order.setID(inv.orderReference());
        return order;
    }

    private SupplierPartyType seller() {
        PartyType p = new PartyType();
        p.setEndpointID(endpoint(supplier.kvk(), KVK_SCHEME));
        PartyNameType name = new PartyNameType();
        name.setName(supplier.name());
        p.addPartyName(name);
        p.setPostalAddress(address(new Address(supplier.street(), supplier.postcode(), supplier.city(), supplier.country())));
        p.addPartyTaxScheme(taxScheme(supplier.vat()));
        p.addPartyLegalEntity(legal(supplier.name(), supplier.kvk(), KVK_SCHEME));
        SupplierPartyType s = new SupplierPartyType();
        s.setParty(p);
        return s;
    }

    private CustomerPartyType buyer(Invoice inv) {
        PartyType p = new PartyType();
        p.setEndpointID(endpoint(inv.buyerId(), inv.buyerScheme()));
        PartyNameType name = new PartyNameType();
        name.setName(inv.buyerName());
        p.addPartyName(name);
        p.setPostalAddress(address(buyerAddress));
        if (inv.buyerVat() != null) {
            p.addPartyTaxScheme(taxScheme(inv.buyerVat()));
        }
        p.addPartyLegalEntity(legal(inv.buyerName(), inv.buyerId(), inv.buyerScheme()));
        CustomerPartyType c = new CustomerPartyType();
        c.setParty(p);
        return c;
    }

    private static EndpointIDType endpoint(String id, String scheme) {
        EndpointIDType e = new EndpointIDType();
        e.setValue(id);
        e.setSchemeID(scheme);
        return e;
    }

    private static AddressType address(Address a) {
        AddressType address = new AddressType();
        address.setStreetName(a.street());
        address.setCityName(a.city());
        address.setPostalZone(a.postcode());
        CountryType country = new CountryType();
        country.setIdentificationCode(a.country());
        address.setCountry(country);
        return address;
    }

    private static PartyTaxSchemeType taxScheme(String vat) {
        PartyTaxSchemeType t = new PartyTaxSchemeType();
        t.setCompanyID(vat);
        t.setTaxScheme(vatScheme());
        return t;
    }

    private static PartyLegalEntityType legal(String name, String id, String scheme) {
        PartyLegalEntityType legal = new PartyLegalEntityType();
        legal.setRegistrationName(name);
        CompanyIDType company = new CompanyIDType();
        company.setValue(id);
        company.setSchemeID(scheme);
        legal.setCompanyID(company);
        return legal;
    }

    private static TaxSchemeType vatScheme() {
        TaxSchemeType s = new TaxSchemeType();
        s.setID("VAT");
        return s;
    }

    /** SEPA credit transfer to the supplier's IBAN; on a credit note, the due date too. */
    private PaymentMeansType payment(Invoice creditNote) {
        PaymentMeansType means = new PaymentMeansType();
        means.setPaymentMeansCode("58");
        if (creditNote != null) {
            means.setPaymentDueDate(creditNote.dueDate());
        }
        FinancialAccountType account = new FinancialAccountType();
        account.setID(supplierIban);
        means.setPayeeFinancialAccount(account);
        return means;
    }

    private static TaxTotalType taxTotal(InvoiceTotals totals) {
        TaxTotalType total = new TaxTotalType();
        total.setTaxAmount(totals.tax()).setCurrencyID(EUR);
        for (InvoiceTotals.Breakdown b : totals.breakdown()) {
            TaxSubtotalType sub = new TaxSubtotalType();
            sub.setTaxableAmount(b.taxable()).setCurrencyID(EUR);
            sub.setTaxAmount(b.tax()).setCurrencyID(EUR);
            sub.setTaxCategory(category(b.category(), b.rate(), true));
            total.addTaxSubtotal(sub);
        }
        return total;
    }

    private static TaxCategoryType category(Invoice.VatCategory category, BigDecimal rate, boolean withReason) {
        TaxCategoryType c = new TaxCategoryType();
        c.setID(category.name());
        c.setPercent(rate.stripTrailingZeros().scale() < 0 ? rate.setScale(0) : rate.stripTrailingZeros());
        if (withReason && category == Invoice.VatCategory.AE) {
            TaxExemptionReasonType reason = new TaxExemptionReasonType();
            reason.setValue(REVERSE_CHARGE_TEXT);
            c.addTaxExemptionReason(reason);
        }
        c.setTaxScheme(vatScheme());
        return c;
    }

    private static MonetaryTotalType monetaryTotal(InvoiceTotals totals) {
        MonetaryTotalType m = new MonetaryTotalType();
        m.setLineExtensionAmount(totals.lineExtension()).setCurrencyID(EUR);
        m.setTaxExclusiveAmount(totals.taxExclusive()).setCurrencyID(EUR);
        m.setTaxInclusiveAmount(totals.taxInclusive()).setCurrencyID(EUR);
        m.setPayableAmount(totals.payable()).setCurrencyID(EUR);
        return m;
    }

    private static ItemType item(Invoice.Line l) {
        ItemType item = new ItemType();
        item.setName(l.description());
        if (l.itemCode() != null) {
            ItemIdentificationType sellers = new ItemIdentificationType();
            sellers.setID(l.itemCode());
            item.setSellersItemIdentification(sellers);
        }
        item.addClassifiedTaxCategory(category(l.category(), l.rate(), false));
        return item;
    }

    private static PriceType price(Invoice.Line l) {
        PriceType price = new PriceType();
        price.setPriceAmount(l.price()).setCurrencyID(EUR);
        return price;
    }
}
