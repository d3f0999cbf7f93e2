package io.openconnectors.bench;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, kept in a growable array (no boxing), and their percentiles.
 */
final class Latencies {

    private long[] samples = new long[1 << 16];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    synchronized void clear() {
        count = 0;
    }

    /** The {@code p}-th percentile in milliseconds; NaN without samples. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
    }

    /**
     * The {@code p}-th percentile in milliseconds of {@code expected} events, of which only the sampled ones arrived:
     * the missing ones count as slower than any that arrived, and a percentile that falls among them is infinite.
     */
    synchronized double percentileMillis(double p, long expected) {
        if (expected <= count) {
            return percentileMillis(p);
        }
        long index = Math.max(0, (long) Math.ceil(p / 100 * expected) - 1);
        if (index >= count) {
            return Double.POSITIVE_INFINITY;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[(int) index] / 1e6;
    }

    static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
