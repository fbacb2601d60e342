package nl.edigate.operators;

import java.util.List;

/** What a resend says once its documents are queued, the same whether the command or `serve` carried it out. */
public final class ResendText {
    private ResendText() {
    }

    public static String prepared(List<Resender.Item> plan, Resender.Outcome o, String user) {
        StringBuilder sb = new StringBuilder();
        for (Resender.Item i : plan) {
            if (!i.go()) {
                sb.append("not resent #").append(i.doc().pk()).append(' ').append(i.doc().businessKey()).append(": ")
                        .append(i.why()).append('\n');
            }
        }
        o.problems().forEach(p -> sb.append("not re-rendered ").append(p).append('\n'));
        sb.append("resend ").append(o.resendId()).append(" by ").append(user).append(": ")
                .append(o.queued() + o.rerendered()).append(" document(s) going out now (").append(o.queued())
                .append(" as sent, ").append(o.rerendered()).append(" re-rendered), ").append(o.refused())
                .append(" not resent\n");
        return sb.toString();
    }
}
