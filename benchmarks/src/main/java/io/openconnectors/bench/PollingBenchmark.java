package io.openconnectors.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Polling: a stand-in vendor serves {@code records} changed records in pages of 1,000; records/s from the first
 * request to the last notification delivered, for the poll route delivering directly and through the H2 event store,
 * against parsing the same bytes with Jackson alone (the limit) and against bare Java fetching the same pages and
 * POSTing the same notifications of 10 events, 8 at a time ({@link BarePoller}), and each run's peak heap under
 * {@code -Xmx256m}.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.PollingBenchmark [records] [rounds]}
 * (defaults 100000, 3).
 */
public final class PollingBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "bench-callback-key";

    private PollingBenchmark() {
    }

    /** One run: records per second and the system's peak heap. */
    record Run(double recordsPerSecond, long peakHeapBytes) {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Double> jackson = new ArrayList<>();
        List<Run> direct = new ArrayList<>();
        List<Run> durable = new ArrayList<>();
        List<Run> swept = new ArrayList<>();
        List<Run> bare = new ArrayList<>();
        try (PageServer vendor = new PageServer(records, 1000)) {
            for (int round = 1; round <= rounds; round++) {
                jackson.add(jacksonAlone(vendor));
                direct.add(poll(vendor, records, PollingApp.class, "direct"));
                durable.add(poll(vendor, records, PollingApp.class, "durable"));
                swept.add(poll(vendor, records, PollingApp.class, "direct", "10"));
                bare.add(poll(vendor, records, BarePoller.class, KEY));
                System.out.printf("round %d: jackson %.0f rec/s, direct %.0f rec/s (peak heap %d MiB), durable %.0f rec/s "
                                  + "(peak heap %d MiB), direct in sweeps of 10 pages %.0f rec/s (peak heap %d MiB), bare Java "
                                  + "%.0f rec/s (peak heap %d MiB)%n", round,
                        jackson.get(round - 1), last(direct).recordsPerSecond(), last(direct).peakHeapBytes() >> 20,
                        last(durable).recordsPerSecond(), last(durable).peakHeapBytes() >> 20, last(swept).recordsPerSecond(),
                        last(swept).peakHeapBytes() >> 20, last(bare).recordsPerSecond(), last(bare).peakHeapBytes() >> 20);
            }
        }
        double limit = Latencies.median(jackson.stream().mapToDouble(Double::doubleValue).toArray());
        double bareMedian = Latencies.median(bare.stream().mapToDouble(Run::recordsPerSecond).toArray());
        System.out.printf("%nPolling %,d changed records in pages of 1,000 (median of %d rounds; -Xmx256m)%n", records, rounds);
        System.out.println("| system | records/s | of the limit | peak heap | of bare Java |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| Jackson alone, same bytes (the limit) | %,.0f | 1.00 | - | %.2f |%n", limit, limit / bareMedian);
        row("poll route, direct callback", direct, limit, bareMedian);
        row("poll route, H2 event store", durable, limit, bareMedian);
        row("poll route, direct, maxPages=10 (a sweep of polls)", swept, limit, bareMedian);
        row("bare Java: the same pages, the same POSTs of 10 events, 8 at a time", bare, limit, bareMedian);
        System.exit(0);
    }

    private static void row(String name, List<Run> runs, double limit, double bare) {
        double median = Latencies.median(runs.stream().mapToDouble(Run::recordsPerSecond).toArray());
        long peak = (long) Latencies.median(runs.stream().mapToDouble(Run::peakHeapBytes).toArray());
        System.out.printf("| %s | %,.0f | %.2f | %d MiB | %.2f |%n", name, median, median / limit, peak >> 20, median / bare);
    }

    /** What reading the pages costs at least: Jackson's tree, and the id and date of every record. */
    private static double jacksonAlone(PageServer vendor) throws Exception {
        long start = System.nanoTime();
        long seen = 0;
        for (byte[] page : vendor.pages) {
            for (JsonNode record : MAPPER.readTree(page)) {
                seen += record.path("id").asText().length() > 0 && record.path("_info").path("lastUpdated").isTextual() ? 1 : 0;
            }
        }
        return seen / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs {@code app} with the vendor's URL, the receiver's and {@code appArgs}: for {@link PollingApp} the mode, then
     * maxPages if a poll is to stop there and the next read on; for {@link BarePoller} the signature key.
     */
    private static Run poll(PageServer vendor, int records, Class<?> app, String... appArgs) throws Exception {
        String mode = app == PollingApp.class ? String.join("-", appArgs) : app.getSimpleName();
        try (BenchReceiver receiver = new BenchReceiver(KEY)) {
            vendor.firstRequestNanos.set(0);
            List<String> args = new ArrayList<>(List.of(vendor.url(), receiver.url()));
            args.addAll(List.of(appArgs));
            Sut sut = Sut.start("polling-" + mode, Sut.jvmOptions("-Xmx256m"),
                    Sut.main(app, args.toArray(String[]::new)), Map.of(), 0);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (receiver.events.get() < records && sut.alive() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the harness waits for the last notification
            }
            long end = System.nanoTime();
            sut.close();
            if (receiver.events.get() < records) {
                throw new IllegalStateException(mode + ": only " + receiver.events.get() + " of " + records
                                                + " events arrived; see the output:\n" + sut.output());
            }
            if (receiver.badSignatures.get() > 0 || receiver.signed.get() < receiver.deliveries.get()) {
                throw new IllegalStateException(mode + ": " + (receiver.deliveries.get() - receiver.signed.get())
                                                + " notifications not signed with the key");
            }
            String output = sut.output();
            int at = output.lastIndexOf("PEAK_HEAP_BYTES ");
            long peak = at < 0 ? -1 : Long.parseLong(output.substring(at + 16).trim().split("\\s+")[0]);
            return new Run(records / ((end - vendor.firstRequestNanos.get()) / 1e9), peak);
        }
    }

    private static Run last(List<Run> runs) {
        return runs.get(runs.size() - 1);
    }
}
