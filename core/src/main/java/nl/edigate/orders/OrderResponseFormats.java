package nl.edigate.orders;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.ConfigException;
import nl.edigate.config.SupplierIdentity;

/** The order response formats by the name a client profile chooses them with. */
public final class OrderResponseFormats {
    private static final Map<String, BiFunction<SupplierIdentity, ClientProfile, OrderResponseFormat>> FORMATS =
            Map.of(PeppolT76Format.NAME, PeppolT76Format::new, EdifactOrdrspFormat.NAME, EdifactOrdrspFormat::new);

    private OrderResponseFormats() {
    }

    /** The client's format, made for this supplier and client; an unknown name is a configuration error. */
    public static OrderResponseFormat of(SupplierIdentity supplier, ClientProfile client) {
        var make = FORMATS.get(client.ordersFormat());
        if (make == null) {
            throw new ConfigException("client " + client.id() + ": orders.format '" + client.ordersFormat()
                    + "' is not one of " + String.join(", ", new TreeSet<>(FORMATS.keySet())));
        }
        return make.apply(supplier, client);
    }
}
