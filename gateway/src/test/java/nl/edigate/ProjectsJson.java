package nl.edigate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds projects exports for tests from a valid project that each test changes. */
public final class ProjectsJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Object> projects = new ArrayList<>();

    public static ObjectNode project(String code, String contract) {
        ObjectNode p = JSON.createObjectNode();
        p.put("projectcode", code);
        p.put("contractnummer", contract);
        p.put("naam", "Project " + code);
        p.put("peildatum", "2026-11-25");
        p.put("status", "IN_UITVOERING");
        p.put("gereedPercentage", 42.5);
        p.put("geplandeOpleverdatum", "2027-03-31");
        p.putNull("werkelijkeOpleverdatum");
        ArrayNode m = p.putArray("mijlpalen");
        ObjectNode m1 = m.addObject();
        m1.put("code", "M1");
        m1.put("omschrijving", "Sloopwerk gereed");
        m1.put("gepland", "2026-10-01");
        m1.put("werkelijk", "2026-10-03");
        ObjectNode uren = p.putObject("uren");
        uren.put("begroot", 5200);
        uren.put("besteed", 2210.5);
        ObjectNode kosten = p.putObject("kosten");
        kosten.put("begroot", 1250000.00);
        kosten.put("werkelijk", 512340.25);
        ObjectNode r = p.putArray("risicos").addObject();
        r.put("id", "R-12");
        r.put("ernst", "HOOG");
        r.put("omschrijving", "Levering kozijnen vertraagd");
        p.put("opmerkingen", "Week 47: 2 dagen vorstverlet.");
        return p;
    }

    public ProjectsJson add(String code, String contract) {
        return add(code, contract, p -> { });
    }

    public ProjectsJson add(String code, String contract, Consumer<ObjectNode> change) {
        ObjectNode p = project(code, contract);
        change.accept(p);
        projects.add(p);
        return this;
    }

    /** Anything at all as an element of the array. */
    public ProjectsJson addRaw(Object node) {
        projects.add(node);
        return this;
    }

    /** One project per line, so that project n starts on line n + 3. */
    public String build() {
        try {
            StringBuilder sb = new StringBuilder("{\n  \"exportDatum\": \"2026-11-25T23:10:00+01:00\",\n  \"projecten\": [\n");
            for (int i = 0; i < projects.size(); i++) {
                sb.append("    ").append(JSON.writeValueAsString(projects.get(i)))
                        .append(i + 1 < projects.size() ? ",\n" : "\n");
            }
            return sb.append("  ]\n}\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
