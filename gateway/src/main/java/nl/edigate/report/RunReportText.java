package nl.edigate.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.edigate.text.Printable;
import nl.edigate.text.Times;

/** The run report as text, as operators read it in the morning (stdout of `run`, the console's run page). */
final class RunReportText {
    private RunReportText() {
    }

    static String render(RunReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("edigate run ").append(r.runId()).append(" (").append(r.kind()).append(") started ")
                .append(Times.format(r.startedAt())).append(" (").append(Times.zoneNote()).append(')');
        if (r.finishedAt() != null) {
            sb.append(", took ").append(Duration.between(r.startedAt(), r.finishedAt()).toMillis()).append(" ms");
        }
        if (!r.phases().isEmpty()) {
            List<String> took = new ArrayList<>();
            r.phases().forEach((name, d) -> took.add(name + " " + d.toMillis() + " ms"));
            sb.append(" (").append(String.join(", ", took)).append(')');
        }
        sb.append('\n');
        if (r.sections().isEmpty() && r.problems().isEmpty()) {
            sb.append("  nothing to do: the inbox is empty and no document is waiting\n");
        }
        list(sb, "RUN PROBLEMS", r.problems());
        list(sb, "files in the inbox under no export name (left alone)", r.ignoredFiles());
        for (Map.Entry<String, RunReport.Section> e : r.sections().entrySet()) {
            RunReport.Section s = e.getValue();
            sb.append('\n').append(e.getKey()).append('\n');
            line(sb, "files read", s.filesRead());
            line(sb, "records read", s.recordsRead());
            if (s.ordersRead() > 0) {
                line(sb, "orders read", s.ordersRead());
            }
            if (s.get(RunReport.Figure.INVOICES_READ) > 0) {
                line(sb, "invoices read", s.get(RunReport.Figure.INVOICES_READ));
            }
            line(sb, "rejections", s.rejectionCount());
            line(sb, "documents created", s.created());
            line(sb, "skipped as unchanged", s.skippedUnchanged());
            if (s.skippedOtherClient() > 0) {
                line(sb, "of clients without a profile", s.skippedOtherClient());
                List<String> others = new ArrayList<>();
                s.otherClients().forEach((id, n) -> others.add(Printable.of(id, 64) + ": " + n));
                list(sb, "left alone, per client identifier", others);
            }
            line(sb, "delivered", s.delivered());
            if (s.get(RunReport.Figure.ALREADY_AT_CLIENT) > 0) {
                line(sb, "already at the client", s.get(RunReport.Figure.ALREADY_AT_CLIENT));
            }
            line(sb, "failed", s.failed());
            if (s.uncertain() > 0) {
                line(sb, "uncertain (interrupted)", s.uncertain());
            }
            if (s.leftForNextRun() > 0) {
                line(sb, "left for the next run", s.leftForNextRun());
            }
            if (s.clients().size() > 1) {
                List<String> parts = new ArrayList<>();
                s.clients().forEach((id, c) -> parts.add(perClient(id, c)));
                list(sb, "per client", parts);
            }
            list(sb, "files set aside", s.filesSetAside());
            list(sb, "files not complete yet (left in the inbox)", s.filesWaiting());
            List<String> rejections = new ArrayList<>();
            s.rejections().forEach(x -> rejections.add(Printable.of(x.toString())));
            list(sb, "rejections", rejections);
            list(sb, "warnings (changed to fit the client's format, or already at the client)", s.warnings());
            if (s.deliveryStopped() != null) {
                sb.append("  DELIVERY STOPPED: ").append(Printable.of(s.deliveryStopped())).append('\n');
            }
            list(sb, "failures", s.failures());
            list(sb, "delivered files", s.deliveredFiles());
        }
        if (r.acknowledgements() != null) {
            sb.append("\nACKNOWLEDGEMENTS (the clients' MLRs and CONTRLs)\n");
            line(sb, "files collected", r.acknowledgements().collected());
            line(sb, "documents accepted", r.acknowledgements().accepted());
            line(sb, "received (AB, CONTRL 8)", r.acknowledgements().received());
            line(sb, "documents rejected", r.acknowledgements().rejected());
            line(sb, "matching nothing", r.acknowledgements().unmatched());
            line(sb, "invalid", r.acknowledgements().invalid());
            // each source's reason on its own line, whole: one long reason never hides the next
            for (String failure : r.acknowledgements().failures()) {
                sb.append("  COLLECTION FAILED: ").append(Printable.of(failure)).append('\n');
            }
            list(sb, "to look at", r.acknowledgements().problems());
        }
        if (r.openEnds() != null && r.openEnds().total() > 0) {
            sb.append("\nOPEN ENDS (in the ledger, whenever they arose)\n");
            line(sb, "overdue acknowledgements", r.openEnds().overdue());
            line(sb, "rejected by the client", r.openEnds().rejected());
            line(sb, "failed, for a resend", r.openEnds().failedForGood());
            line(sb, "failed, automatic retry", r.openEnds().retrying());
            line(sb, "uncertain", r.openEnds().uncertain());
            list(sb, "first of them", r.openEnds().examples());
        }
        sb.append('\n').append(r.headline()).append('\n');
        return sb.toString();
    }

    private static String perClient(String id, RunReport.Section c) {
        StringBuilder b = new StringBuilder(id).append(": created ").append(c.created())
                .append(", unchanged ").append(c.skippedUnchanged()).append(", delivered ").append(c.delivered())
                .append(", failed ").append(c.failed());
        if (!c.rejections().isEmpty()) {
            b.append(", rejected ").append(c.rejections().size());
        }
        if (c.uncertain() > 0) {
            b.append(", uncertain ").append(c.uncertain());
        }
        if (c.leftForNextRun() > 0) {
            b.append(", left for the next run ").append(c.leftForNextRun());
        }
        if (c.deliveryStopped() != null) {
            b.append("; DELIVERY STOPPED: ").append(c.deliveryStopped());
        }
        return b.toString();
    }

    private static void line(StringBuilder sb, String label, long value) {
        sb.append(String.format("  %-24s %d%n", label, value));
    }

    private static void list(StringBuilder sb, String label, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("  ").append(label).append(":\n");
        int shown = 0;
        for (String item : items) {
            if (shown++ == 200) {
                sb.append("    ... and ").append(items.size() - 200).append(" more (see the ledger)\n");
                break;
            }
            sb.append("    - ").append(Printable.of(item)).append('\n');
        }
    }
}
