package nl.edigate.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The documents intake stores for one client during a run, handed to its delivery a page at a time as
 * they are committed: intake adds, delivery's lanes take (waiting for the next page) until intake ends.
 */
public final class StoredPages implements Delivery.Pages {
    /** Documents a page: one intake transaction's worth. */
    static final int SIZE = 100;
    private static final List<Long> END = List.of();
    private final BlockingQueue<List<Long>> pages = new LinkedBlockingQueue<>();
    private List<Long> filling = new ArrayList<>();
    private boolean ended;

    /** A document is stored (committed) and may be delivered. */
    public synchronized void add(long documentPk) {
        if (ended) {
            throw new IllegalStateException("intake has ended");
        }
        filling.add(documentPk);
        if (filling.size() == SIZE) {
            pages.add(filling);
            filling = new ArrayList<>();
        }
    }

    /** Intake is over: the last page goes, and the lanes stop asking once they have it. */
    public synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (!filling.isEmpty()) {
            pages.add(filling);
        }
        filling = new ArrayList<>();
        pages.add(END);
    }

    @Override
    public List<Long> next() {
        try {
            List<Long> page = pages.take();
            if (page == END) {
                pages.add(END); // for the other lanes
                return null;
            }
            return page;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
