package nl.edigate.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerInUseException;

/**
 * The delivery lease on a real (H2 file) ledger: a second taker is refused naming the owner; a lease
 * whose owner process is gone from this machine is taken over at once; an owner whose lease another
 * process took (it paused longer than the lease) notices at its next renewal and stops delivering.
 */
class DeliveryLeaseTest {
    @TempDir
    Path dir;

    @Test
    void oneOwnerAtATimeADeadOneIsReplacedAndALostOneStops() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            try (DeliveryLease serve = DeliveryLease.take(ledger, "serve")) {
                assertThat(DeliveryLease.heldByServe(ledger)).get().extracting(Ledger.Lease::owner)
                        .isEqualTo(serve.owner());
                assertThatThrownBy(() -> DeliveryLease.take(ledger, "run")).isInstanceOf(LedgerInUseException.class)
                        .hasMessageContaining("delivery is owned by another edigate process, serve (pid "
                                + ProcessHandle.current().pid())
                        .hasMessageContaining("a resend is handed to it");
            }
            assertThat(ledger.leaseHolder(Instant.now())).as("given back at close").isEmpty();

            // a run killed on this machine: its lease (not expired) is taken over at once
            String dead = "run (pid 999999999 on " + java.net.InetAddress.getLocalHost().getHostName() + ", 0abc1234)";
            assertThat(DeliveryLease.deadHere(dead)).isTrue();
            assertThat(ledger.acquireLease(dead, Duration.ofMinutes(5), Instant.now())).isTrue();
            try (DeliveryLease next = DeliveryLease.take(ledger, "run")) {
                assertThat(ledger.leaseHolder(Instant.now())).get().extracting(Ledger.Lease::owner).isEqualTo(next.owner());
            }

            // an owner that paused past its lease: another took it; at its next renewal it stops
            DeliveryLease paused = DeliveryLease.take(ledger, "serve", Duration.ofMillis(900));
            AtomicBoolean stopped = new AtomicBoolean();
            paused.onLost(() -> stopped.set(true));
            // seen from another machine whose clock says the paused owner's lease ran out: taken in one step
            assertThat(ledger.acquireLease("serve (pid 1 on elsewhere, 0def5678)", Duration.ofMinutes(5),
                    Instant.now().plusSeconds(5))).isTrue();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(stopped::get);
            assertThat(paused.lost()).isTrue();
            assertThat(ledger.leaseHolder(Instant.now())).get().extracting(Ledger.Lease::owner)
                    .isEqualTo("serve (pid 1 on elsewhere, 0def5678)");
            paused.close();
            assertThat(ledger.leaseHolder(Instant.now())).as("closing a lost lease gives back nothing of the other's")
                    .get().extracting(Ledger.Lease::owner).isEqualTo("serve (pid 1 on elsewhere, 0def5678)");
        }
    }

    @Test
    void aStandbyWaitsAndTakesOverWhenTheOwnersLeaseRunsOut() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            // the owner is serve on another machine that stopped renewing (killed): its lease runs out by itself
            String other = "serve (pid 1 on elsewhere, 0def5678)";
            assertThat(ledger.acquireLease(other, Duration.ofSeconds(3), Instant.now())).isTrue();
            java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CompletableFuture<java.util.Optional<DeliveryLease>> standby =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return DeliveryLease.await(ledger, "serve", Duration.ofMinutes(1), Duration.ofMillis(50),
                                    () -> false, told::add);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !told.isEmpty());
            assertThat(told).singleElement().asString().startsWith("standby: delivery is owned by another edigate"
                    + " process, " + other).endsWith("taking over when it ends or its lease runs out");
            assertThat(standby).as("waits while the lease is the other's").isNotDone();
            try (DeliveryLease taken = standby.get().orElseThrow()) {
                assertThat(ledger.leaseHolder(Instant.now())).get().extracting(Ledger.Lease::owner)
                        .isEqualTo(taken.owner());
                assertThat(told).as("told once").hasSize(1);
                // a second standby that is stopped while waiting gives up without the lease
                AtomicBoolean stopping = new AtomicBoolean();
                java.util.concurrent.CompletableFuture<java.util.Optional<DeliveryLease>> second =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try {
                                return DeliveryLease.await(ledger, "serve", Duration.ofMinutes(1), Duration.ofMillis(50),
                                        stopping::get, m -> stopping.set(true));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                assertThat(second.get()).isEmpty();
                assertThat(ledger.leaseHolder(Instant.now())).get().extracting(Ledger.Lease::owner)
                        .isEqualTo(taken.owner());
            }
        }
    }
}
