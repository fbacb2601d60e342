package nl.edigate.orders;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.helger.ubl21.UBL21Marshaller;

import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DeliveryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyLegalEntityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PeriodType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PriceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.BaseQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.EndpointIDType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.IDType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PriceAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.QuantityType;
import oasis.names.specification.ubl.schema.xsd.orderresponse_21.OrderResponseType;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.SupplierIdentity;

/** Maps one checked order to a Peppol BIS Ordering 3.0 Order Response (T76), as UBL 2.1 XML. */
public final class OrderResponseMapper {
    public static final String CUSTOMIZATION_ID = "urn:fdc:peppol.eu:poacc:trns:order_response:3";
    public static final String PROFILE_ID = "urn:fdc:peppol.eu:poacc:bis:ordering:3";
    private static final String GLN_SCHEME = "0088";
    private static final String KVK_SCHEME = "0106";
    private static final String GTIN_SCHEME = "0160";

    private final SupplierIdentity supplier;
    private final ClientProfile client;

    public OrderResponseMapper(SupplierIdentity supplier, ClientProfile client) {
        this.supplier = supplier;
        this.client = client;
    }

    public String toXml(Order order, String documentId, LocalDate issueDate) {
        OrderResponseType r = map(order, documentId, issueDate);
        String xml = UBL21Marshaller.orderResponse().setFormattedOutput(true).getAsString(r);
        if (xml == null) {
            throw new IllegalStateException("order " + order.businessKey() + " could not be written as UBL OrderResponse");
        }
        return xml;
    }

    OrderResponseType map(Order order, String documentId, LocalDate issueDate) {
        OrderResponseType r = new OrderResponseType();
        r.setCustomizationID(CUSTOMIZATION_ID);
        r.setProfileID(PROFILE_ID);
        r.setID(documentId);
        r.setSalesOrderID(order.salesOrderNumber());
        r.setIssueDate(issueDate);
        r.setOrderResponseCode(order.status().responseCode);
        r.setDocumentCurrencyCode("EUR");
        OrderReferenceType ref = new OrderReferenceType();
        ref.setID(order.clientOrderNumber());
        r.addOrderReference(ref);

        SupplierPartyType seller = new SupplierPartyType();
        seller.setParty(party(supplier.gln(), supplier.name(), supplier.kvk()));
        r.setSellerSupplierParty(seller);
        CustomerPartyType buyer = new CustomerPartyType();
        buyer.setParty(party(order.clientGln(), client.name(), null));
        r.setBuyerCustomerParty(buyer);

        if (order.status() != Order.Status.AFGEWEZEN) {
            r.addDelivery(delivery(order.deliveryDate()));
        }
        // Peppol T76: only CA carries lines (PEPPOL-T76-R008 forbids them on AP, RE carries none)
        if (order.status() == Order.Status.GEWIJZIGD) {
            for (Order.Line line : order.lines()) {
                r.addOrderLine(orderLine(order, line));
            }
        }
        return r;
    }

    private PartyType party(String gln, String name, String kvk) {
        PartyType party = new PartyType();
        EndpointIDType endpoint = new EndpointIDType();
        endpoint.setValue(gln);
        endpoint.setSchemeID(GLN_SCHEME);
        party.setEndpointID(endpoint);
        PartyIdentificationType id = new PartyIdentificationType();
        id.setID(schemed(gln, GLN_SCHEME));
        party.addPartyIdentification(id);
        if (kvk != null) {
            // T76 has no CompanyID in PartyLegalEntity; the KvK number goes as a second party identifier
            PartyIdentificationType kvkId = new PartyIdentificationType();
            kvkId.setID(schemed(kvk, KVK_SCHEME));
            party.addPartyIdentification(kvkId);
        }
        PartyLegalEntityType legal = new PartyLegalEntityType();
        legal.setRegistrationName(name);
        party.addPartyLegalEntity(legal);
        return party;
    }

    private static IDType schemed(String value, String scheme) {
        IDType id = new IDType();
        id.setValue(value);
        id.setSchemeID(scheme);
        return id;
    }

    /** T76 allows only the promised period here; the delivery address is not part of its data model. */
    private DeliveryType delivery(LocalDate date) {
        DeliveryType delivery = new DeliveryType();
        PeriodType period = new PeriodType();
        period.setStartDate(date);
        period.setEndDate(date);
        delivery.setPromisedDeliveryPeriod(period);
        return delivery;
    }

    private OrderLineType orderLine(Order order, Order.Line line) {
        LineItemType item = new LineItemType();
        item.setID(Integer.toString(line.lineNumber()));
        item.setLineStatusCode(line.status().code);
        QuantityType quantity = new QuantityType(line.quantity());
        quantity.setUnitCode(line.unitCode());
        item.setQuantity(quantity);
        if (line.status() != Order.LineStatus.VERVALLEN) {
            DeliveryType delivery = new DeliveryType();
            PeriodType period = new PeriodType();
            period.setStartDate(order.deliveryDate());
            period.setEndDate(order.deliveryDate());
            delivery.setPromisedDeliveryPeriod(period);
            item.addDelivery(delivery);
        }
        PriceType price = new PriceType();
        PriceAmountType amount = new PriceAmountType(line.price());
        amount.setCurrencyID("EUR");
        price.setPriceAmount(amount);
        BaseQuantityType base = new BaseQuantityType(BigDecimal.ONE);
        base.setUnitCode(line.unitCode());
        price.setBaseQuantity(base);
        item.setPrice(price);

        ItemType it = new ItemType();
        it.setName(line.description());
        ItemIdentificationType sellers = new ItemIdentificationType();
        sellers.setID(line.itemCode());
        it.setSellersItemIdentification(sellers);
        if (line.clientItemCode() != null) {
            ItemIdentificationType buyers = new ItemIdentificationType();
            buyers.setID(line.clientItemCode());
            it.setBuyersItemIdentification(buyers);
        }
        if (line.gtin() != null) {
            ItemIdentificationType standard = new ItemIdentificationType();
            standard.setID(schemed(line.gtin(), GTIN_SCHEME));
            it.setStandardItemIdentification(standard);
        }
        // T76 carries no tax category on the item; the VAT rate stays in the source record
        item.setItem(it);

        OrderLineType orderLine = new OrderLineType();
        orderLine.setLineItem(item);
        OrderLineReferenceType reference = new OrderLineReferenceType();
        reference.setLineID(line.clientLineNumber());
        orderLine.addOrderLineReference(reference);
        return orderLine;
    }
}
