package nl.edigate.simulator;

import java.time.LocalDate;
import java.util.List;

/** Peppol Message Level Responses (T71) as the client writes them into /out/mlr. */
public final class Mlr {
    private Mlr() {
    }

    /** One reason of a rejection: the line it concerns, the status reason code (BV, SV, ...) and the text. */
    public record Reason(String lineId, String code, String description) {
    }

    public static String write(String id, String documentId, String clientGln, String supplierGln, String responseCode,
                               String description, List<Reason> reasons) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\"")
                .append(" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"")
                .append(" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n")
                .append("  <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:mlr:3</cbc:CustomizationID>\n")
                .append("  <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:mlr:3</cbc:ProfileID>\n")
                .append("  <cbc:ID>").append(esc(id)).append("</cbc:ID>\n")
                .append("  <cbc:IssueDate>").append(LocalDate.now()).append("</cbc:IssueDate>\n")
                .append("  <cac:SenderParty><cbc:EndpointID schemeID=\"0088\">").append(esc(clientGln))
                .append("</cbc:EndpointID></cac:SenderParty>\n")
                .append("  <cac:ReceiverParty><cbc:EndpointID schemeID=\"0088\">").append(esc(supplierGln))
                .append("</cbc:EndpointID></cac:ReceiverParty>\n")
                .append("  <cac:DocumentResponse>\n")
                .append("    <cac:Response>\n      <cbc:ResponseCode>").append(esc(responseCode)).append("</cbc:ResponseCode>\n");
        if (description != null) {
            sb.append("      <cbc:Description>").append(esc(description)).append("</cbc:Description>\n");
        }
        sb.append("    </cac:Response>\n")
                .append("    <cac:DocumentReference><cbc:ID>").append(esc(documentId)).append("</cbc:ID></cac:DocumentReference>\n");
        for (Reason r : reasons) {
            sb.append("    <cac:LineResponse>\n")
                    .append("      <cac:LineReference><cbc:LineID>").append(esc(r.lineId())).append("</cbc:LineID></cac:LineReference>\n")
                    .append("      <cac:Response>\n")
                    .append("        <cbc:Description>").append(esc(r.description())).append("</cbc:Description>\n")
                    .append("        <cac:Status><cbc:StatusReasonCode>").append(esc(r.code()))
                    .append("</cbc:StatusReasonCode></cac:Status>\n")
                    .append("      </cac:Response>\n")
                    .append("    </cac:LineResponse>\n");
        }
        return sb.append("  </cac:DocumentResponse>\n</ApplicationResponse>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
