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
    public enum Figure { FILES_READ, RECORDS_READ, ORDERS_READ, INVOICES_READ, RECORDS_REJECTED, CREATED, SKIPPED_UNCHANGED, SKIPPED_OTHER_CLIENT, DELIVERED, FAILED, LEFT_FOR_NEXT_RUN, UNCERTAIN }

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

        public long recordsRejected() {
            return get(Figure.RECORDS_REJECTED);
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
    private final Instant startedAt = Instant.now();
    private Instant finishedAt;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private final List<String> ignoredFiles = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private AckTally acks;
    private OpenEnds openEnds;

    public RunReport(long runId) {
        this.runId = runId;
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
     * 0 when everything was delivered; 1 when anything was rejected, set aside or failed in this run, an
     * acknowledgement could not be handled, or an acknowledgement is overdue.
     */
    public int exitCode() {
        if (!problems.isEmpty()) {
            return 1;
        }
        if (acks != null && (acks.failure() != null || acks.invalid() > 0 || acks.unmatched() > 0 || acks.rejected() > 0)) {
            return 1;
        }
        if (openEnds != null && openEnds.overdue() > 0) {
            return 1;
        }
        for (Section s : sections.values()) {
            if (!s.rejections().isEmpty() || !s.filesSetAside().isEmpty() || s.failed() > 0 || s.leftForNextRun() > 0
                    || s.uncertain() > 0
                    || s.deliveryStopped() != null) {
                return 1;
            }
        }
        return 0;
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
