package nl.edigate.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.ResendText;
import nl.edigate.operators.Resender;
import nl.edigate.run.DeliveryLease;

@Command(name = "resend", mixinStandardHelpOptions = true,
        description = {"Resends documents and delivers them now (handed to serve when serve runs).",
                "Documents by ledger number or document id, or every document matching the filters of `messages`.",
                "As sent (default): the stored payload, same document id and Idempotency-Key. --rerender: mapped",
                "again from the stored source record with today's configuration, validated again, new document id;",
                "the old one is superseded. A document the client accepted needs --force. Every resend is recorded",
                "with who, when, why and which documents.",
                "Example: resend --status FAILED --client opdrachtgever --created-from yesterday --reason \"server back\""})
public final class ResendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    FilterOptions filters;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "ledger numbers (#) or document ids")
    List<String> ids = new ArrayList<>();

    @Option(names = "--reason", required = true, description = "why (recorded with the resend)")
    String reason;

    @Option(names = "--dry-run", description = "list what would go out, change nothing")
    boolean dryRun;

    @Option(names = "--rerender", description = "map again from the source record, new document id")
    boolean rerender;

    @Option(names = "--force", description = "also resend documents the client accepted")
    boolean force;

    /** How long a handed-over resend may wait for `serve` to take it before it is withdrawn. */
    static final Duration TAKE_WITHIN = Duration.ofSeconds(60);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return Gateway.guarded(err, () -> {
            if (reason.isBlank()) {
                throw new ConfigException("--reason must say why");
            }
            if (ids.isEmpty() && filters.isEmpty()) {
                throw new ConfigException("name documents by id or give at least one filter (--status, --client, ...)");
            }
            GatewayConfig cfg = Gateway.load(config.file);
            try (Ledger ledger = Gateway.openLedger(cfg)) {
                List<Long> pks = new ArrayList<>();
                for (String id : ids) {
                    pks.add(ledger.findByIdOrDocumentId(id)
                            .orElseThrow(() -> new ConfigException("no document #" + id + " or with document id " + id))
                            .pk());
                }
                List<Long> selected = ids.isEmpty() ? ledger.findIds(filters.toFilter(cfg, List.of()))
                        : ledger.findIds(filters.toFilter(cfg, pks));
                Resender.Mode mode = rerender ? Resender.Mode.RERENDER : Resender.Mode.AS_SENT;
                OperatorService operators = new OperatorService(cfg, ledger, cfg.clock());
                List<Resender.Item> plan = operators.preview(selected, force);
                long going = plan.stream().filter(Resender.Item::go).count();
                if (dryRun) {
                    for (Resender.Item i : plan) {
                        out.println((i.go() ? "would resend " : "would skip   ") + "#" + i.doc().pk() + "  "
                                + i.doc().docType() + "  " + i.doc().businessKey() + "  " + i.doc().documentId()
                                + "  (" + i.why() + ")");
                    }
                    out.println("dry run: " + going + " of " + plan.size() + " document(s) would go out "
                            + (rerender ? "re-rendered under new document ids" : "as sent") + "; nothing changed");
                    out.flush();
                    return Gateway.OK;
                }
                String user = System.getProperty("user.name", "unknown");
                Consumer<String> progress = p -> {
                    err.println("resend: " + p);
                    err.flush();
                };
                Optional<Ledger.Lease> serve = DeliveryLease.heldByServe(ledger);
                if (serve.isPresent()) {
                    return handOver(ledger, serve.get(), new OperatorService.Request(selected, mode, force, reason, user,
                            filters.describe(pks)), out, progress);
                }
                try (DeliveryLease lease = DeliveryLease.take(ledger, "resend");
                     GatewayRuntime runtime = Gateway.runtime(cfg, ledger, false)) {
                    OperatorService.Done done = operators.resend(
                            new OperatorService.Request(selected, mode, force, reason, user, filters.describe(pks)),
                            plan, runtime.nightlyRun()::deliverOnly, progress, prepared -> {
                                out.print(ResendText.prepared(plan, prepared.outcome(), user));
                                out.flush();
                            });
                    out.print(done.delivery().toText());
                    out.println(done.result().headline());
                    out.flush();
                    return done.exitCode();
                }
            }
        });
    }

    /**
     * `serve` owns delivery: the resend is handed to it through the ledger and followed until it is done,
     * its progress on stderr and its result on stdout as when this command does the work itself. Not
     * taken within {@link #TAKE_WITHIN} (serve stuck or gone): withdrawn, nothing changed.
     */
    static int handOver(Ledger ledger, Ledger.Lease serve, OperatorService.Request r, PrintWriter out,
                        Consumer<String> progress) throws InterruptedException {
        long id = ledger.requestResend(r.user(), r.reason(), r.mode().name(), r.force(), r.selection(), r.pks());
        progress.accept("handed to " + serve.owner() + " as request " + id);
        Instant asked = Instant.now();
        String said = "";
        while (true) {
            Ledger.ResendRequest now = ledger.resendRequest(id).orElseThrow();
            if (now.progress() != null && !now.progress().equals(said)) {
                said = now.progress();
                progress.accept(said);
            }
            if (now.finished()) {
                out.print(now.result() == null ? "" : now.result());
                out.flush();
                return now.exitCode() == null ? Gateway.ATTENTION : now.exitCode();
            }
            if (now.state().equals("RUNNING") && !DeliveryLease.heldByServe(ledger).map(Ledger.Lease::owner)
                    .orElse("").equals(serve.owner())) {
                // serve ended (or lost delivery) in the middle: say so rather than wait for ever
                ledger.finishResendRequest(id, "FAILED", "serve ended before resend request " + id + " was done; what"
                        + " it had queued stays READY for the next run (see messages --status READY)\n", Gateway.ATTENTION);
                continue;
            }
            if (now.state().equals("WAITING") && Duration.between(asked, Instant.now()).compareTo(TAKE_WITHIN) > 0
                    && ledger.cancelResendRequest(id)) {
                throw new IllegalStateException("serve (" + serve.owner() + ") did not take resend request " + id
                        + " within " + TAKE_WITHIN.toSeconds() + " s; it was withdrawn and nothing changed");
            }
            Thread.sleep(200); // polling the ledger's row: the command's own wait, not a test's
        }
    }
}
