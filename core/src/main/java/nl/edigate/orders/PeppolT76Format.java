package nl.edigate.orders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.SupplierIdentity;
import nl.edigate.validation.PeppolValidator;

/**
 * Peppol BIS Ordering 3.0 Order Response (T76) in UBL 2.1, checked against the UBL XSD and the
 * PEPPOLBIS-T76 Schematron; one document per file, {@code ORDRSP_<supplier GLN>_<document id>.xml}.
 */
public final class PeppolT76Format implements OrderResponseFormat {
    public static final String NAME = "peppol-t76";

    private final OrderResponseMapper mapper;
    private final PeppolValidator validator = PeppolValidator.get();

    public PeppolT76Format(SupplierIdentity supplier, ClientProfile client) {
        this.mapper = new OrderResponseMapper(supplier, client);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String render(Order order, String documentId, LocalDate issueDate) {
        String xml = mapper.toXml(order, documentId, issueDate);
        List<PeppolValidator.Finding> findings = validator.validate(PeppolValidator.ORDER_RESPONSE, xml);
        if (!findings.isEmpty()) {
            List<String> texts = new ArrayList<>();
            findings.forEach(f -> texts.add(f.toString()));
            throw new FormatException("the order response fails the client's validation", texts);
        }
        return xml;
    }

    @Override
    public String fileName(String supplierGln, String documentId) {
        return "ORDRSP_" + supplierGln + "_" + documentId + ".xml";
    }
}
