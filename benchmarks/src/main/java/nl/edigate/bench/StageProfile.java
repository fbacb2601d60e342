package nl.edigate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording (CPU samples every 20 ms and GC events; {@code -Dedigate.bench.jfr=profile} for the JDK's
 * "profile" settings, {@code off} for none) around one piece of work, summarised by stage: each CPU
 * sample of a thread goes to the stage of the innermost frame that names one (intake, mapping,
 * validation, ledger, delivery, or the client simulator that runs in the same process), and GC pauses
 * are added up. The recording is kept for a closer look with {@code jfr} or JDK Mission Control.
 * <p>JFR's first recording in a process rewrites the JDK's file, socket and exception classes for its
 * events, and every compiled method that inlined one of them is thrown away and compiled again: started
 * around the gateway's run after the floor had warmed the process up, that was some 8,800 methods at once
 * and 65 s more CPU for 20,000 orders (the gateway at 67% of the floor instead of 87%). {@link #initialize}
 * does that first start before anything is measured.
 */
final class StageProfile implements AutoCloseable {
    static final List<String> STAGES = List.of("intake", "mapping", "validation", "ledger", "delivery",
            "client simulator", "other");

    private final Recording recording;
    private final Path file;

    /**
     * JFR's first start in this process, before anything is measured (see above): an empty recording,
     * started and closed, unless the profile is off.
     */
    static void initialize() {
        if (!settings().equals("off")) {
            try (Recording warmUp = new Recording()) {
                warmUp.start();
                warmUp.stop();
            }
        }
    }

    private static String settings() {
        // only what the summary needs: the JDK's "profile" settings doubled the run's time (measured)
        return System.getProperty("edigate.bench.jfr", "light");
    }

    StageProfile(Path file) throws IOException, ParseException {
        this.file = file;
        String settings = settings();
        if (settings.equals("off")) {
            this.recording = null;
            return;
        }
        if (settings.equals("light")) {
            this.recording = new Recording();
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(20));
            recording.enable("jdk.GarbageCollection");
        } else {
            this.recording = new Recording(Configuration.getConfiguration(settings));
        }
        recording.start();
    }

    /** Stops the recording and returns the share of CPU samples per stage, and the GC pauses. */
    Summary stop() throws IOException {
        Map<String, Long> samples = new LinkedHashMap<>();
        STAGES.forEach(s -> samples.put(s, 0L));
        if (recording == null) {
            return new Summary(samples, 0, Duration.ZERO, null);
        }
        recording.stop();
        recording.dump(file);
        Duration gc = Duration.ZERO;
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
                samples.merge(stage(e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames(), thread),
                        1L, Long::sum);
                total++;
            } else if (type.equals("jdk.GarbageCollection")) {
                gc = gc.plus(e.getDuration("sumOfPauses"));
            }
        }
        return new Summary(samples, total, gc, file);
    }

    static String stage(List<RecordedFrame> frames, String thread) {
        for (RecordedFrame f : frames) {
            if (f.getMethod() == null || f.getMethod().getType() == null) {
                continue;
            }
            String c = f.getMethod().getType().getName();
            if (c.startsWith("org.h2.") || c.startsWith("nl.edigate.ledger.")) {
                return "ledger";
            }
            if (c.startsWith("org.apache.sshd.") || c.startsWith("nl.edigate.simulator.")
                    || c.startsWith("sun.net.httpserver.")) {
                return "client simulator";
            }
            if (c.startsWith("com.jcraft.") || c.startsWith("nl.edigate.delivery.")
                    || c.startsWith("org.apache.hc.") || c.startsWith("org.apache.camel.component.")) {
                return "delivery";
            }
            if (c.startsWith("nl.edigate.validation.")) {
                return "validation";
            }
            if (c.equals("nl.edigate.orders.OrderResponseMapper") || c.equals("nl.edigate.projects.ProgressReportMapper")) {
                return "mapping";
            }
            if (c.startsWith("nl.edigate.intake.") || c.startsWith("nl.edigate.projects.")) {
                return "intake";
            }
        }
        return thread.startsWith("sshd-") || thread.startsWith("HTTP-Dispatcher") ? "client simulator" : "other";
    }

    record Summary(Map<String, Long> samples, long total, Duration gcPauses, Path recording) {
        /** "validation 55%, ledger 12%, ...", largest first. */
        String shares() {
            StringBuilder sb = new StringBuilder();
            samples.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(Math.round(100.0 * e.getValue() / Math.max(1, total))).append('%'));
            return sb.toString();
        }
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
    }
}
