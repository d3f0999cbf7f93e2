package io.openconnectors.camel.poll;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the next poll of one resource starts, on the vendor's clock, and what near that edge was already emitted.
 *
 * @param cursor       the newest change date read from the vendor (or the vendor's time when a poll read nothing): the
 *                     next poll asks for changes since {@code cursor - pollDelay - windowOverlap}
 * @param vendorClock  whether the cursor is on the vendor's clock; {@code false} for a first window taken from this
 *                     machine's clock (and windows saved by versions that used it), which the first poll that learns the
 *                     vendor's time moves onto the vendor's clock
 * @param edge         the keys of the changes emitted with a date the next poll reads again
 * @param sweep        a sweep of pages that stopped at {@code maxPages}, to go on with; {@code null} for none
 */
record PollWindow(Instant cursor, boolean vendorClock, EdgeKeys edge, Sweep sweep) {

    /**
     * A poll that stopped at {@code maxPages}: the next poll reads on from {@code nextPage} (with the same window), and
     * the cursor moves only when the pages run out.
     *
     * @param nextPage  the URL of the first page not read yet
     * @param startedAt the vendor's time when the sweep began, or {@code null} when it sends none
     * @param newest    the newest change date read by the sweep so far, or {@code null}
     * @param shifted   whether a record changed while the sweep read its pages, so that a page may have shifted
     */
    record Sweep(String nextPage, Instant startedAt, Instant newest, boolean shifted) {

        Sweep {
            Objects.requireNonNull(nextPage, "nextPage");
        }
    }

    PollWindow {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(edge, "edge");
    }

    /** A first window: nothing emitted yet. */
    static PollWindow first(Instant cursor, boolean vendorClock) {
        return new PollWindow(cursor, vendorClock, EdgeKeys.NONE, null);
    }
}
