package nl.edigate.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


import org.w3c.dom.Document;

import com.helger.diagnostics.error.IError;
import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResult;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.api.validity.IValidityDeterminator;
import com.helger.phive.peppol.PeppolValidation2025_11;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;

/**
 * Validates documents the way the client does on receipt: the UBL 2.1 XSD and the official Peppol
 * Schematron (PEPPOLBIS-T76 for order responses, T71 for message level responses). The rules are
 * compiled once per process and reused; the validator is safe to share between threads.
 */
public final class PeppolValidator {
    public static final DVRCoordinate ORDER_RESPONSE = PeppolValidation2025_11.VID_OPENPEPPOL_ORDER_RESPONSE_V3;
    public static final DVRCoordinate MLR = PeppolValidation2025_11.VID_OPENPEPPOL_MLR_V3;
    /** The buyer's Invoice Response (PEPPOLBIS-T111). */
    public static final DVRCoordinate INVOICE_RESPONSE = PeppolValidation2025_11.VID_OPENPEPPOL_INVOICE_MESSAGE_RESPONSE_V3;

    private static volatile PeppolValidator instance;

    private final ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();

    /** One problem found: rule id (or XSD), and text. */
    public record Finding(String ruleId, String text) {
        @Override
        public String toString() {
            return ruleId + ": " + text;
        }
    }

    private PeppolValidator() {
        // only the release in force; initStandard would also load every invoice rule set
        PeppolValidation2025_11.init(registry);
    }

    public static PeppolValidator get() {
        PeppolValidator v = instance;
        if (v == null) {
            synchronized (PeppolValidator.class) {
                v = instance;
                if (v == null) {
                    v = new PeppolValidator();
                    instance = v;
                }
            }
        }
        return v;
    }

    /** The fatal findings (errors) of a document; empty when the client would accept its form. */
    public List<Finding> validate(DVRCoordinate rules, String xml) {
        return validate(registry, rules, xml);
    }

    /** The fatal findings of a document against a rule set of this registry (shared with {@link SiUblValidator}). */
    static List<Finding> validate(ValidationExecutorSetRegistry<IValidationSourceXML> registry, DVRCoordinate rules,
                                  String xml) {
        IValidationExecutorSet<IValidationSourceXML> ves = registry.getOfID(rules);
        if (ves == null) {
            throw new IllegalStateException("no Peppol rules registered for " + rules.getAsSingleID());
        }
        Document dom;
        try {
            dom = SafeXml.parse(xml);
        } catch (Exception e) {
            return List.of(new Finding("XML", "not well-formed XML: " + e.getMessage()));
        }
        ValidationResultList results = ValidationExecutionManager.executeValidation(
                IValidityDeterminator.createDefault(), ves, ValidationSourceXML.create(null, dom), Locale.ENGLISH);
        List<Finding> findings = new ArrayList<>();
        for (ValidationResult result : results) {
            for (IError error : result.getErrorList()) {
                if (error.isError()) {
                    String id = error.getErrorID() != null ? error.getErrorID()
                            : result.getValidationArtefact().getValidationType().getName();
                    findings.add(new Finding(id, error.getErrorText(Locale.ENGLISH)));
                }
            }
        }
        return findings;
    }
}
