package nl.edigate.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;
import nl.edigate.simulator.SshKeys;

/**
 * One export, three clients (issue 13): the first client gets T76 over its SFTP folder, the consortium
 * D.96A ORDRSP interchanges over its own, a client without a profile is counted and left alone; each
 * client's acknowledgements (MLR, CONTRL) are recorded; and a first client whose host key changed does
 * not keep the consortium from getting everything that night.
 */
@Tag("integration")
public class SeveralClientsTest {
    static final String FIRST = "8798765000008";
    static final String OTHER = "8711111000002";
    static final String HEADER = "ordernummer;orderdatum;klant_ordernummer;klant_gln;project;status;leverdatum;"
            + "afleveradres_straat;afleveradres_postcode;afleveradres_plaats;afleveradres_land;regelnummer;"
            + "klant_regelnummer;regelstatus;artikelcode;klant_artikelcode;gtin;omschrijving;aantal;eenheid;prijs;btw\n";

    static String order(String number, String po, String gln, String status, String lineStatus, String description) {
        return number + ";20-11-2026;" + po + ";" + gln + ";P-1;" + status + ";04-12-2026;Kerkstraat 1;3511 LX;Utrecht;NL;"
                + "1;10;" + lineStatus + ";ART-1001;K-55001;8712345678906;" + description + ";12;st;345,50;21\n";
    }

    /** Two orders of the first client, two of the consortium (one changed, with text to escape and transliterate), one of another. */
    public static String export(int from) {
        StringBuilder sb = new StringBuilder(HEADER);
        sb.append(order("VO-" + from, "PO-" + from, FIRST, "GEACCEPTEERD", "ONGEWIJZIGD", "Kozijn"));
        sb.append(order("VO-" + (from + 1), "PO-" + (from + 1), ClientSimulator.CONSORTIUM_GLN, "GEACCEPTEERD",
                "ONGEWIJZIGD", "Kozijn"));
        sb.append(order("VO-" + (from + 2), "\"BC+" + (from + 2) + "'\"", ClientSimulator.CONSORTIUM_GLN, "GEWIJZIGD",
                "GEWIJZIGD", "Dakpan łódź € antraciet"));
        sb.append(order("VO-" + (from + 3), "PO-" + (from + 3), OTHER, "GEACCEPTEERD", "ONGEWIJZIGD", "Kozijn"));
        sb.append(order("VO-" + (from + 4), "PO-" + (from + 4), FIRST, "AFGEWEZEN", "VERVALLEN", "Kozijn"));
        return sb.toString();
    }

    @Test
    void eachClientGetsItsFormatOverItsChannelAndABrokenChannelStopsOnlyItsOwnClient(@TempDir Path dir) throws Exception {
        try (GatewayHarness gw = GatewayHarness.startWithConsortium(dir, Map.of())) {
            gw.putExport("orders_20261129-231000.csv", export(100));
            RunReport night = gw.run();

            RunReport.Section orders = gw.orders(night);
            assertThat(orders.clients().get("opdrachtgever").delivered()).as(night.toText()).isEqualTo(2);
            assertThat(orders.clients().get("bouwcombinatie").delivered()).as(night.toText()).isEqualTo(2);
            assertThat(orders.otherClients()).containsExactly(Map.entry(OTHER, 1L));
            assertThat(night.toText()).contains("per client:", "opdrachtgever: created 2", "bouwcombinatie: created 2",
                    OTHER + ": 1");

            // the first client: a T76 file per document in its folder, valid as its importer checks
            assertThat(gw.client.sftp().verdicts()).hasSize(2).allMatch(SftpSimulator.Verdict::accepted);
            assertThat(gw.remoteFiles()).allMatch(n -> n.matches("ORDRSP_8712345000004_.+\\.xml"));
            // the consortium: one interchange with both messages, in its own folder, valid as its translator reads it
            assertThat(gw.client.consortium().verdicts()).singleElement()
                    .satisfies(v -> assertThat(v.accepted()).as(v.reasons().toString()).isTrue());
            assertThat(gw.client.translator().references()).containsExactly(1L);
            Path interchange = gw.client.consortium().importedDir().resolve("ORDRSP_8712345000004_1.edi");
            String edi = Files.readString(interchange, StandardCharsets.ISO_8859_1);
            assertThat(edi).startsWith("UNA:+.? 'UNB+UNOC:3+8712345000004:14+8719876000008:14+")
                    .contains("RFF+ON:BC?+102?''", "IMD+F++:::Dakpan lódz EUR antraciet'", "UNZ+2+1'");

            // each client's acknowledgements recorded: MLRs for the first, the CONTRL for the consortium
            assertThat(gw.documents("opdrachtgever")).extracting(LedgerDocument::status)
                    .containsOnly(DocumentStatus.ACCEPTED);
            assertThat(gw.documents("bouwcombinatie")).extracting(LedgerDocument::status)
                    .containsOnly(DocumentStatus.ACCEPTED);
            assertThat(night.acknowledgements().accepted()).isEqualTo(4);
            try (Stream<Path> left = Files.list(gw.client.translator().outDir())) {
                assertThat(left).as("each CONTRL removed after it was recorded").isEmpty();
            }
            assertThat(gw.ledger.interchangesOf(gw.documents("bouwcombinatie").get(0).pk()))
                    .extracting(i -> i.reference()).containsExactly(1L);
            assertThat(night.exitCode()).as(night.toText()).isZero();

            // the first client's server presents another host key: its delivery stops, the consortium's does not
            Files.writeString(gw.config.client("opdrachtgever").orElseThrow().sftp().knownHostsFile(),
                    SshKeys.knownHostsLine("127.0.0.1", gw.client.sftp().port(), SshKeys.generateEd25519().getPublic()) + "\n");
            gw.putExport("orders_20261130-231000.csv", export(200));
            RunReport next = gw.run();
            RunReport.Section nextOrders = gw.orders(next);
            assertThat(nextOrders.clients().get("opdrachtgever").delivered()).isZero();
            assertThat(nextOrders.clients().get("opdrachtgever").deliveryStopped()).containsIgnoringCase("host key");
            assertThat(nextOrders.clients().get("bouwcombinatie").delivered()).as(next.toText()).isEqualTo(2);
            assertThat(gw.client.translator().references()).containsExactly(1L, 2L);
            assertThat(gw.client.consortium().verdicts()).hasSize(2).allMatch(SftpSimulator.Verdict::accepted);
            assertThat(gw.documents("bouwcombinatie")).hasSize(4).extracting(LedgerDocument::status)
                    .containsOnly(DocumentStatus.ACCEPTED);
            assertThat(next.toText()).contains("bouwcombinatie: created 2, unchanged 0, delivered 2, failed 0",
                    "opdrachtgever: created 2, unchanged 0, delivered 0, failed 2");
            assertThat(next.exitCode()).isEqualTo(1);
            List<LedgerDocument> firstClients = gw.documents("opdrachtgever");
            assertThat(firstClients).filteredOn(d -> d.status() == DocumentStatus.FAILED).hasSize(2);
        }
    }
}
