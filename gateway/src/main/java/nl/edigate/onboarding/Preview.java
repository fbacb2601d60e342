package nl.edigate.onboarding;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.files.OwnerOnly;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.intake.ReadingRules;
import nl.edigate.intake.UnreadableFileException;
import nl.edigate.model.Rejection;
import nl.edigate.orders.FormatException;
import nl.edigate.orders.InterchangeFormat;
import nl.edigate.orders.Order;
import nl.edigate.orders.OrderResponseFormat;
import nl.edigate.orders.OrderResponseFormats;

/**
 * `clients preview`: what one client would get from a given orders export, rendered and validated as the
 * nightly run does, written to a folder to look at; nothing is stored in the ledger and nothing is sent.
 * An interchange format's files carry preview references (1, 2, ...): the real ones come from the ledger.
 */
public final class Preview {
    /** What the preview found. */
    public record Result(int documents, List<String> files, List<String> rejections, List<String> warnings,
                         Map<String, Long> otherClients) {
    }

    private Preview() {
    }

    public static Result run(GatewayConfig config, ClientProfile client, Path export, Path outDir)
            throws IOException, UnreadableFileException {
        if (!client.takesOrders()) {
            throw new IllegalArgumentException("client " + client.id() + " takes no orders (its profile has no client.gln)");
        }
        OrderResponseFormat format = OrderResponseFormats.of(config.supplier(), client);
        OrderFileReader reader = new OrderFileReader(ReadingRules.of(config.clients()), config.inboxCharset());
        List<String> rejections = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Long> others = new TreeMap<>();
        List<String> files = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        int[] documents = {0};
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        OwnerOnly.directories(outDir);
        reader.read(export, reader.prescan(export), order -> {
            if (!order.clientGln().equals(client.gln())) {
                if (config.clients().stream().noneMatch(c -> order.clientGln().equals(c.gln()))) {
                    others.merge(order.clientGln(), 1L, Long::sum);
                }
                return;
            }
            String id = format.newDocumentId();
            try {
                String payload = format.render(order, id, today);
                documents[0]++;
                format.warnings(order).forEach(w -> warnings.add(where(order) + ": " + w));
                if (format instanceof InterchangeFormat) {
                    messages.add(payload);
                } else {
                    files.add(write(outDir, format.fileName(config.supplier().gln(), id), payload, format));
                }
            } catch (FormatException e) {
                rejections.add(where(order) + ": " + String.join("; ", e.problems()));
            }
        }, (Rejection r) -> rejections.add(r.toString()));
        if (format instanceof InterchangeFormat f) {
            for (int from = 0, n = 1; from < messages.size(); from += f.documentsPerFile(), n++) {
                List<String> batch = messages.subList(from, Math.min(messages.size(), from + f.documentsPerFile()));
                String interchange = f.interchange(batch, n, ZonedDateTime.now(ZoneId.of("Europe/Amsterdam")));
                files.add(write(outDir, "preview-" + f.interchangeFileName(config.supplier().gln(), n), interchange, format));
            }
        }
        return new Result(documents[0], files, rejections, warnings, others);
    }

    private static String where(Order o) {
        return o.sourceFile() + " line " + o.firstLine() + ", order " + o.businessKey();
    }

    private static String write(Path dir, String name, String payload, OrderResponseFormat format) {
        try {
            return OwnerOnly.write(dir.resolve(name), payload.getBytes(format.charset())).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
