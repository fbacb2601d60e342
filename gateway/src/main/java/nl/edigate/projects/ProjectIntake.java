package nl.edigate.projects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InboxFiles;
import nl.edigate.intake.OrderIntake;
import nl.edigate.intake.UnreadableFileException;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.report.RunReport;
import nl.edigate.validation.ProgressReportSchema;

/**
 * Takes every complete {@code projects_*.json}: checks each project on its own, maps those of the
 * client's contracts to progress reports, validates each against the client's JSON Schema and stores
 * it in the ledger, unless the same project and report date was stored before with the same content.
 */
public final class ProjectIntake {
    public static final String DOC_TYPE = "PROGRESS_REPORT";
    private static final Logger LOG = LoggerFactory.getLogger(ProjectIntake.class);
    private static final Pattern NAME = Pattern.compile("projects_[0-9]{8}-[0-9]{6}\\.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final GatewayConfig config;
    private final Ledger ledger;
    private final InboxFiles inbox;
    private final ProgressReportMapper mapper;

    public ProjectIntake(GatewayConfig config, Ledger ledger, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.inbox = new InboxFiles(config, ledger, clock);
        this.mapper = new ProgressReportMapper(config.supplier());
    }

    public void processInbox(long runId, RunReport report) throws IOException {
        RunReport.Section section = new RunReport.Section();
        List<Path> files = inbox.list("projects_", runId, DOC_TYPE, section);
        if (files.isEmpty() && section.filesSetAside().isEmpty()) {
            return;
        }
        section = report.section(DOC_TYPE, section);
        for (Path file : files) {
            if (!NAME.matcher(file.getFileName().toString()).matches()) {
                inbox.setAsideOrReport(runId, file, "the name does not match projects_yyyyMMdd-HHmmss.json", DOC_TYPE, section);
            } else if (inbox.isComplete(file, section)) {
                RunReport.Section s = section;
                inbox.guard(runId, file, DOC_TYPE, section, () -> processFile(runId, file, s));
            }
        }
    }

    /** One file; whatever it throws, {@link InboxFiles#guard} sets it aside and the run goes on. */
    private void processFile(long runId, Path file, RunReport.Section section) throws IOException,
            UnreadableFileException {
        ProjectFileReader reader = new ProjectFileReader(config.inboxCharset());
        reader.prescan(file);
        String name = file.getFileName().toString();
        reader.read(file, (project, at) -> take(runId, name, project, at, section));
        section.count(RunReport.Figure.FILES_READ);
        inbox.archive(runId, file);
    }

    /**
     * A project is a client's by its contract (erp-export.md: which client a record belongs to); one with
     * a well-formed contract number no profile lists is the project of a client without a profile.
     */
    private boolean isOtherClients(ProgressReportMapper.Result result) {
        return result.contract() != null && owner(result.contract()) == null
                && result.errors().stream().noneMatch(e -> e.field().equals("contractnummer"));
    }

    private ClientProfile owner(String contract) {
        for (ClientProfile c : config.clients()) {
            if (c.contracts().contains(contract)) {
                return c;
            }
        }
        return null;
    }

    void take(long runId, String file, JsonNode project, ProjectFileReader.Position at, RunReport.Section section) {
        section.count(RunReport.Figure.RECORDS_READ);
        ProgressReportMapper.Result result;
        try {
            result = mapper.map(project);
        } catch (RuntimeException | StackOverflowError e) {
            // one project that cannot be mapped must not stop the others
            LOG.debug("mapping the project at {}:{} failed", file, at.line(), e);
            reject(runId, file, at.line(), "(project)", "project #" + (at.index() + 1) + " could not be mapped: " + e,
                    null, section);
            return;
        }
        String label = label(result.projectCode(), at);
        // another client's project is left alone before its fields are judged: not ours to reject
        if (isOtherClients(result)) {
            section.otherClient(result.contract());
            return;
        }
        if (result.mapped() == null) {
            for (ProgressReportMapper.FieldError e : result.errors()) {
                reject(runId, file, at.line(), e.field(), "project " + label + ": " + e.reason(),
                        result.contract() == null ? label : result.contract() + "/" + label, section);
            }
            return;
        }
        ProgressReportMapper.Mapped m = result.mapped();
        String clientId = owner(result.contract()).id();
        RunReport.Section part = section.client(clientId);
        String hash = hash(m);
        Optional<LedgerDocument> latest = ledger.latestForKey(clientId, DOC_TYPE, m.businessKey());
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            part.count(RunReport.Figure.SKIPPED_UNCHANGED);
            return;
        }
        // the report id is also the Idempotency-Key: one per report, new for changed content
        String reportId = "PR-" + UUID.randomUUID();
        m.report().put("reportId", reportId);
        String json = write(m);
        List<String> findings = ProgressReportSchema.get().validate(json);
        if (!findings.isEmpty()) {
            reject(runId, file, at.line(), "(report)", "project " + label
                    + ": the progress report fails the client's schema, not sent: " + String.join("; ", findings),
                    m.businessKey(), part);
            return;
        }
        ledger.insertDocument(clientId, DOC_TYPE, m.businessKey(), hash, reportId, json, file, at.line(),
                runId, project.toString());
        part.count(RunReport.Figure.CREATED);
    }

    /** A report made again from its stored project: new id (and Idempotency-Key), validated again. */
    public OrderIntake.Rendered rerender(LedgerDocument old) {
        if (old.sourceRecord() == null) {
            throw new IllegalArgumentException("no source record is stored for report " + old.documentId());
        }
        JsonNode project;
        try {
            project = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(old.sourceRecord());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the stored project is not readable: " + e.getOriginalMessage());
        }
        ProgressReportMapper.Result result = mapper.map(project);
        if (result.mapped() == null) {
            List<String> texts = new ArrayList<>();
            result.errors().forEach(e -> texts.add(e.field() + ": " + e.reason()));
            throw new IllegalArgumentException("the stored project no longer passes the checks: " + String.join("; ", texts));
        }
        ProgressReportMapper.Mapped m = result.mapped();
        String hash = hash(m);
        String reportId = "PR-" + UUID.randomUUID();
        m.report().put("reportId", reportId);
        String json = write(m);
        List<String> findings = ProgressReportSchema.get().validate(json);
        if (!findings.isEmpty()) {
            throw new IllegalArgumentException("the new report fails the client's schema: " + String.join("; ", findings));
        }
        return new OrderIntake.Rendered(reportId, json, hash, old.sourceRecord());
    }

    private static String label(String code, ProjectFileReader.Position at) {
        return code != null ? code : "#" + (at.index() + 1) + " (no projectcode)";
    }

    private void reject(long runId, String file, long line, String field, String reason, String key,
                        RunReport.Section section) {
        Rejection r = new Rejection(DOC_TYPE, file, line, field, reason, key);
        ledger.recordRejection(runId, r);
        section.reject(r);
    }

    private static String write(ProgressReportMapper.Mapped m) {
        try {
            return JSON.writeValueAsString(m.report());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the progress report of " + m.businessKey(), e);
        }
    }

    /** SHA-256 of the report without its id: the same content, the same hash. */
    private static String hash(ProgressReportMapper.Mapped m) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(m).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
