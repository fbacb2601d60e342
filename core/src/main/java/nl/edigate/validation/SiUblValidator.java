package nl.edigate.validation;

import java.util.List;

import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.simplerinvoicing.SimplerInvoicingValidation;
import com.helger.phive.xml.source.IValidationSourceXML;

/**
 * Validates e-invoices as the access point and the municipality do: the UBL 2.1 XSD and the official
 * SI-UBL 2.0 Schematron (NLCIUS, the newest 2.0.3.x release phive carries), invoice or credit note. The
 * rules are compiled once per process; safe to share between threads.
 */
public final class SiUblValidator {
    public static final DVRCoordinate INVOICE = SimplerInvoicingValidation.VID_SI_INVOICE_V2_0_3_12;
    public static final DVRCoordinate CREDIT_NOTE = SimplerInvoicingValidation.VID_SI_CREDIT_NOTE_V2_0_3_12;

    private static volatile SiUblValidator instance;

    private final ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();

    private SiUblValidator() {
        SimplerInvoicingValidation.initSimplerInvoicing(registry);
    }

    public static SiUblValidator get() {
        SiUblValidator v = instance;
        if (v == null) {
            synchronized (SiUblValidator.class) {
                v = instance;
                if (v == null) {
                    v = new SiUblValidator();
                    instance = v;
                }
            }
        }
        return v;
    }

    /** The fatal findings (errors) of an invoice or credit note; empty when the AP would take it. */
    public List<PeppolValidator.Finding> validate(DVRCoordinate rules, String xml) {
        return PeppolValidator.validate(registry, rules, xml);
    }
}
