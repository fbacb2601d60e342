package nl.edigate.config;

/** The supplier (us): identifiers, name and address from the gateway configuration. */
public record SupplierIdentity(String gln, String kvk, String vat, String name, String street, String postcode,
                       String city, String country, String iban) {

    /** Our Peppol participant id: the KvK number under scheme 0106 (client-gemeente-interface.md, section 1). */
    public String participant() {
        return "0106:" + kvk;
    }

    static SupplierIdentity from(Settings s) {
        SupplierIdentity supplier = new SupplierIdentity(s.required("supplier.gln"), s.required("supplier.kvk"),
                s.required("supplier.vat"), s.required("supplier.name"), s.optional("supplier.street", null),
                s.optional("supplier.postcode", null), s.optional("supplier.city", null),
                s.optional("supplier.country", "NL"), s.optional("supplier.iban", null));
        if (!Identifiers.isValidGln(supplier.gln)) {
            throw new ConfigException(s.source() + ": supplier.gln '" + supplier.gln + "' is not a valid GLN (13 digits, GS1 check digit)");
        }
        if (!supplier.kvk.matches("[0-9]{8}")) {
            throw new ConfigException(s.source() + ": supplier.kvk '" + supplier.kvk + "' must be 8 digits");
        }
        if (!supplier.vat.matches("NL[0-9]{9}B[0-9]{2}")) {
            throw new ConfigException(s.source() + ": supplier.vat '" + supplier.vat + "' must look like NL123456789B01");
        }
        if (supplier.iban != null && !Identifiers.isValidIban(supplier.iban)) {
            throw new ConfigException(s.source() + ": supplier.iban '" + supplier.iban + "' is not a valid IBAN"
                    + " (country code, check digits, account; no spaces)");
        }
        return supplier;
    }
}
