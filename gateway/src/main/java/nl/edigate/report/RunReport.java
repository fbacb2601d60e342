package nl.edigate.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nl.edigate.model.Rejection;
import nl.edigate.text.Printable;

/**
 * What one run did, per document type and per client, as operators read it in the morning.
 * <p>Over 300 lines: most of it is {@link Section}'s figures and lists, each a synchronized one-liner
 * (clients are delivered at the same time) that also counts into the section's totals.
 */
public final class RunReport {

    /** A figure of a section: each only counts up. */
    public enum Figure { FILES_READ, RECORDS_READ, ORDERS_READ, INVOICES_READ, REJECTIONS, CREATED, SKIPPED_UNCHANGED, SKIPPED_OTHER_CLIENT, DELIVERED, ALREADY_AT_CLIENT, FAILED, LEFT_FOR_NEXT_RUN,
        UNCERTAIN }

    /**
     * The figures and lists of one document type. Counted up and added to through its methods only;
     * read through its getters, the lists as read-only views. A section has one part per client
     * ({@link #client}): what is counted there is counted in the section's totals too. Clients are
     * delivered at the same time, so every change is synchronized.
     */
    public static final class Section {
        private final Section parent;
        /** The client of a part; null for a section's totals. */
        private final String clientId;
        private final Map<String, Section> clients = new TreeMap<>();
        private final Map<Figure, Long> figures = new EnumMap<>(Figure.class);
        private final List<Rejection> rejections = new ArrayList<>();
        private final List<String> filesSetAside = new ArrayList<>();
        private final List<String> filesWaiting = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private final List<String> deliveredFiles = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, Long> otherClients = new TreeMap<>();
        private String deliveryStopped;

        public Section() {
            this(null, null);
        }

        private Section(Section parent, String clientId) {
            this.parent = parent;
            this.clientId = clientId;
        }

        /** This document type's part for one client. */
        public synchronized Section client(String clientId) {
            if (parent != null) {
                throw new IllegalStateException("a client's part has no parts of its own");
            }
            return clients.computeIfAbsent(clientId, k -> new Section(this, k));
        }

        /** The parts per client, by client id. */
        public synchronized Map<String, Section> clients() {
            return Collections.unmodifiableMap(new TreeMap<>(clients));
        }

        public void count(Figure f) {
            count(f, 1);
        }

        public synchronized void count(Figure f, long n) {
            if (n < 0) {
                throw new IllegalArgumentException("a figure only counts up: " + f + " " + n);
            }
            figures.merge(f, n, Long::sum);
            if (parent != null) {
                parent.count(f, n);
            }
        }

        public synchronized long get(Figure f) {
            return figures.getOrDefault(f, 0L);
        }

        public long filesRead() {
            return get(Figure.FILES_READ);
        }

        public long recordsRead() {
            return get(Figure.RECORDS_READ);
        }

        public long ordersRead() {
            return get(Figure.ORDERS_READ);
        }

        /**
         * How many rejections (file, line, field, reason) this section lists: one per row of the ledger's
         * rejection table, as {@code /metrics} counts them; counted by {@link #reject} itself.
         */
        public long rejectionCount() {
            return get(Figure.REJECTIONS);
        }

        public long created() {
            return get(Figure.CREATED);
        }

        public long skippedUnchanged() {
            return get(Figure.SKIPPED_UNCHANGED);
        }

        public long skippedOtherClient() {
            return get(Figure.SKIPPED_OTHER_CLIENT);
        }

        public long delivered() {
            return get(Figure.DELIVERED);
        }

        public long failed() {
            return get(Figure.FAILED);
        }

        public long leftForNextRun() {
            return get(Figure.LEFT_FOR_NEXT_RUN);
        }

        public long uncertain() {
            return get(Figure.UNCERTAIN);
        }

        public synchronized void reject(Rejection r) {
            rejections.add(r);
            count(Figure.REJECTIONS);
        }

        /** A record of a client without a profile (by its identifier: GLN, contract): counted, left alone. */
        public synchronized void otherClient(String identifier) {
            count(Figure.SKIPPED_OTHER_CLIENT);
            otherClients.merge(identifier, 1L, Long::sum);
        }

        /** Records left alone per identifier of a client without a profile. */
        public Map<String, Long> otherClients() {
            return Collections.unmodifiableMap(otherClients);
        }

        public synchronized void setAside(String fileAndReason) {
            filesSetAside.add(fileAndReason);
        }

        public synchronized void waiting(String file) {
            filesWaiting.add(file);
        }

        public synchronized void failure(String documentAndReason) {
            failures.add(documentAndReason);
        }

        /** Something the client gets changed from the ERP's data (a description cut to fit), not an error. */
        public synchronized void warning(String text) {
            warnings.add(text);
        }

        /** Warnings, the section's own and then each client's. */
        public List<String> warnings() {
            return withClients(warnings, s -> s.warnings);
        }

        public synchronized void deliveredFile(String remoteName) {
            deliveredFiles.add(remoteName);
        }

        /**
         * Delivery to this client stopped, with the reason (the first reason is kept); in the totals, the
         * client's id before it.
         */
        public synchronized void stopDelivery(String reason) {
            if (deliveryStopped == null) {
                deliveryStopped = reason;
            }
            if (parent != null) {
                parent.stopDelivery(clientId + ": " + reason);
            }
        }

        /** Rejections, the section's own (of records no client is known for yet) and then each client's. */
        public List<Rejection> rejections() {
            return withClients(rejections, s -> s.rejections);
        }

        public List<String> filesSetAside() {
            return Collections.unmodifiableList(filesSetAside);
        }

        public List<String> filesWaiting() {
            return Collections.unmodifiableList(filesWaiting);
        }

        public List<String> failures() {
            return withClients(failures, s -> s.failures);
        }

        public List<String> deliveredFiles() {
            return withClients(deliveredFiles, s -> s.deliveredFiles);
        }

        /**
         * A list of this section followed by the same list of each client's part: kept once, in the part
         * it belongs to, not copied into the totals (a night of 100,000 documents lists 100,000 files).
         */
        private <T> List<T> withClients(List<T> own, java.util.function.Function<Section, List<T>> of) {
            List<T> all;
            List<Section> parts;
            synchronized (this) {
                all = new ArrayList<>(own);
                parts = new ArrayList<>(clients.values());
            }
            // a part's lock is never taken while this one is held: a part counts into this one under its own
            for (Section c : parts) {
                synchronized (c) {
                    all.addAll(of.apply(c));
                }
            }
            return Collections.unmodifiableList(all);
        }

        public String deliveryStopped() {
            return deliveryStopped;
        }

        void absorb(Section other) {
            filesSetAside.addAll(other.filesSetAside);
            rejections.addAll(other.rejections);
            other.figures.forEach(this::count);
        }
    }

    private final long runId;
    /** run, scheduled, catch-up, demo, retry, deliver, intake, acknowledgements, ... as the ledger records it */
    private final String kind;
    private final Instant startedAt = Instant.now();
    private Instant finishedAt;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private final List<String> ignoredFiles = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private AckTally acks;
    private OpenEnds openEnds;

    public RunReport(long runId) {
        this(runId, "run");
    }

    public RunReport(long runId, String kind) {
        this.runId = runId;
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    public void acknowledgements(AckTally tally) {
        this.acks = tally;
    }

    public AckTally acknowledgements() {
        return acks;
    }

    public void openEnds(OpenEnds ends) {
        this.openEnds = ends;
    }

    public OpenEnds openEnds() {
        return openEnds;
    }

    public long runId() {
        return runId;
    }

    public synchronized Section section(String docType) {
        return sections.computeIfAbsent(docType, k -> new Section());
    }

    /** Takes a section filled before it was known to be needed (it is listed only when it has content). */
    public synchronized Section section(String docType, Section filled) {
        Section existing = sections.putIfAbsent(docType, filled);
        if (existing != null && existing != filled) {
            existing.absorb(filled);
            return existing;
        }
        return filled;
    }

    /** Files in the inbox under no export name: named in the report, left alone. */
    public void ignoredFiles(List<String> names) {
        ignoredFiles.addAll(names);
    }

    public List<String> ignoredFiles() {
        return ignoredFiles;
    }

    /** A problem of the run itself (not of one file or document): reported, and the exit code is 1. */
    public synchronized void problem(String text) {
        problems.add(Printable.of(text));
    }

    public List<String> problems() {
        return problems;
    }

    public Map<String, Section> sections() {
        return sections;
    }

    /** How long a phase of the run (intake, delivery, acknowledgements) took. */
    public void phase(String name, Duration took) {
        phases.merge(name, took, Duration::plus);
    }

    public Map<String, Duration> phases() {
        return phases;
    }

    public void finish() {
        finishedAt = Instant.now();
    }

    /**
     * Everything that needs an operator's attention, as the report's details show it, one line each with its
     * count: what this run rejected, set aside, failed, left or could not decide, what went wrong with the
     * acknowledgements, and what is open in the ledger whenever it arose (overdue, rejected by the client,
     * failed, uncertain). The headline and the exit code are made from this list and nothing else: empty,
     * "everything delivered" and 0; otherwise "attention needed" with the list, and 1.
     */
    public List<String> attention() {
        List<String> out = new ArrayList<>();
        if (!problems.isEmpty()) {
            out.add(problems.size() + " run problem(s)");
        }
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            Section s = e.getValue();
            String type = e.getKey();
            add(out, s.rejectionCount(), "rejection(s) of " + type + " records in this run");
            add(out, s.filesSetAside().size(), type + " file(s) set aside in this run");
            add(out, s.failed(), type + " document(s) failed in this run");
            add(out, s.uncertain(), type + " document(s) uncertain after an interrupted upload");
            add(out, s.leftForNextRun(), type + " document(s) left for the next run");
            if (s.deliveryStopped() != null) {
                out.add("delivery of " + type + " stopped");
            }
        }
        if (acks != null) {
            if (acks.failure() != null) {
                out.add("acknowledgement collection failed");
            }
            add(out, acks.rejected(), "document(s) rejected in the acknowledgements collected");
            add(out, acks.invalid(), "invalid acknowledgement(s)");
            add(out, acks.unmatched(), "acknowledgement(s) matching no document");
            add(out, acks.problems().size(), "acknowledgement problem(s) to look at");
        }
        if (openEnds != null) {
            add(out, openEnds.overdue(), "overdue acknowledgement(s) in the ledger");
            add(out, openEnds.rejected(), "document(s) in the ledger rejected by the client");
            add(out, openEnds.failedForGood(), "document(s) in the ledger FAILED, waiting for an operator's resend");
            add(out, openEnds.retrying(), "document(s) in the ledger FAILED, waiting for serve's automatic retry");
            add(out, openEnds.uncertain(), "document(s) in the ledger UNCERTAIN, waiting for an answer or a resend");
        }
        return out;
    }

    private static void add(List<String> out, long n, String what) {
        if (n > 0) {
            out.add(n + " " + what);
        }
    }

    /** 0 when nothing needs attention ({@link #attention()} is empty), 1 otherwise. */
    public int exitCode() {
        return attention().isEmpty() ? 0 : 1;
    }

    /** The last line of the report: made from {@link #attention()}, as the exit code is. */
    public String headline() {
        List<String> a = attention();
        return a.isEmpty() ? "result: everything delivered, nothing open (exit code 0)"
                : "result: attention needed (exit code 1): " + String.join("; ", a);
    }

    /** The report as operators read it: see {@link RunReportText}. */
    public String toText() {
        return RunReportText.render(this);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
