package nl.edigate.console;

import java.io.IOException;

/** Small helpers for server-rendered pages; every value goes through {@link #esc}. */
final class Html {
    private Html() {
    }

    static String esc(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
            header{background:#243b53;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
            header a{color:#d9e2ec;text-decoration:none;font-weight:500} header a:hover{color:#fff}
            header .brand{font-weight:700;color:#fff;margin-right:1rem} header .who{margin-left:auto;font-size:.9rem}
            header form{display:inline} header button{background:none;border:1px solid #829ab1;color:#d9e2ec;border-radius:4px;cursor:pointer}
            main{padding:1.2rem 1.5rem;max-width:1400px} h1{font-size:1.4rem;margin:.2rem 0 1rem}
            h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
            table{border-collapse:collapse;width:100%;background:#fff;font-size:.88rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
            th,td{padding:.4rem .6rem;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
            th{background:#f0f4f8;font-weight:600} tr:hover td{background:#f8fafc}
            td.mono,pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.82rem}
            pre{background:#fff;border:1px solid #e4e7eb;padding:.8rem;overflow:auto;max-height:32rem}
            .badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.75rem;font-weight:600;background:#e4e7eb}
            .s-ACCEPTED,.s-SENT{background:#c6f7e2;color:#014d40} .s-FAILED,.s-REJECTED{background:#ffe3e3;color:#8a041a}
            .s-READY,.s-SENDING,.s-RECEIVED,.s-UNCERTAIN{background:#fff3c4;color:#8d2b0b} .s-SUPERSEDED{background:#e4e7eb;color:#52606d}
            .s-OVERDUE{background:#ffd8a8;color:#7c2d12}
            .counts{display:flex;gap:.6rem;flex-wrap:wrap;margin:.6rem 0 1rem} .counts a{text-decoration:none}
            .card{background:#fff;padding:.8rem 1rem;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.08);min-width:7rem}
            .card .n{font-size:1.5rem;font-weight:700} form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
            label{display:flex;flex-direction:column;font-size:.78rem;color:#52606d;gap:.15rem}
            input,select,textarea{font:inherit;padding:.3rem .4rem;border:1px solid #bcccdc;border-radius:4px}
            button.primary{background:#2680c2;color:#fff;border:0;border-radius:4px;padding:.45rem .9rem;cursor:pointer;font-weight:600}
            button.danger{background:#c63737}
            .note{color:#52606d;font-size:.85rem} .error{background:#ffe3e3;color:#8a041a;padding:.6rem .8rem;border-radius:4px}
            .ok{background:#c6f7e2;color:#014d40;padding:.6rem .8rem;border-radius:4px}
            dl{display:grid;grid-template-columns:12rem 1fr;gap:.3rem 1rem;background:#fff;padding:.8rem 1rem;border-radius:6px}
            dt{color:#52606d} dd{margin:0} .pager{margin:.8rem 0;display:flex;gap:1rem}
            .login{max-width:22rem;margin:6rem auto;background:#fff;padding:1.5rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
            .login form{display:flex;flex-direction:column;gap:.8rem}
            """;

    static void page(ConsoleRequest r, int status, String title, String body) throws IOException {
        Exchanges.send(r.ex(), status, "text/html; charset=utf-8", layout(title, r, body));
    }

    static String layout(String title, ConsoleRequest r, String body) {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=en><head><meta charset=utf-8><title>")
                .append(esc(title)).append(" – edigate</title><meta name=viewport content=\"width=device-width\"><style>")
                .append(Html.STYLE).append("</style></head><body>");
        if (r != null) {
            b.append("<header><span class=brand>edigate</span><a href=\"/\">Overview</a><a href=\"/documents\">Documents</a>")
                    .append("<a href=\"/documents?overdue=on\">Overdue</a><a href=\"/runs\">Runs</a><span class=who>")
                    .append(esc(r.session().user().name())).append(" (").append(r.session().user().role().name().toLowerCase())
                    .append(") <form method=post action=/logout>").append(r.csrfField())
                    .append("<button type=submit>Log out</button></form></span></header>");
        }
        return b.append("<main>").append(body).append("</main></body></html>").toString();
    }
}
