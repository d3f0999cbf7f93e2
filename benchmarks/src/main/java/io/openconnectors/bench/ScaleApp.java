package io.openconnectors.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.instance.InstanceParser;
import io.openconnectors.camel.instance.InstanceRoutes;
import io.openconnectors.camel.store.JdbcEventStore;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The scale benchmark's system under test: {@code n} polling instances, one resource each, refreshed every minute,
 * as the gateway runs them (instance JSON, route templates, an H2 event store). Reports its heap per instance, its CPU
 * and its threads. {@code ScaleApp <vendorUrl> <instances> <pollThreads> <seconds>}.
 */
public final class ScaleApp {

    private ScaleApp() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        int instances = Integer.parseInt(args[1]);
        int pollThreads = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        Path data = Files.createTempDirectory("bench-scale");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JdbcEventStore.h2FileUrl(data.resolve("events")));
        JdbcEventStore store = new JdbcEventStore(new HikariDataSource(config));
        store.migrate();
        DefaultCamelContext camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setEventStore(store);
        component.setPollThreads(pollThreads);
        camel.addComponent("openconnectors", component);
        camel.start();
        long heapBefore = settledHeap(memory);

        long startNanos = System.nanoTime();
        InstanceRoutes routes = new InstanceRoutes(camel, key -> Optional.of(vendor));
        for (int i = 1; i <= instances; i++) {
            routes.add(Integer.toString(i), InstanceParser.parse(pollingInstance(i, vendor, 1).getBytes(StandardCharsets.UTF_8)));
        }
        double startSeconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.println("STARTED " + instances);

        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the benchmark's measurement window
        double cpuShare = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
        long heapAfter = settledHeap(memory);
        System.out.printf("RESULT instances=%d startSeconds=%.1f heapPerInstanceBytes=%d cpuCores=%.3f threads=%d%n", instances,
                startSeconds, (heapAfter - heapBefore) / instances, cpuShare, Thread.activeCount());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Instance {@code i}'s JSON: one resource, {@code /contacts/<i>} of the vendor at {@code vendorUrl}, refreshed every
     * {@code refreshMinutes}; its callback is never called, since the vendor answers no records.
     */
    static String pollingInstance(int i, String vendorUrl, int refreshMinutes) {
        return """
                {"element": {"key": "crm"}, "name": "instance %d", "configuration": {
                  "event.notification.enabled": true, "event.vendor.type": "polling",
                  "event.notification.callback.url": "http://127.0.0.1:9/never-called",
                  "event.poller.refresh_interval": %d,
                  "event.poller.configuration": {"contacts": {
                    "url": "%s/contacts/%d?since=${epoch:s}", "idField": "id",
                    "datesConfiguration": {"updatedDateField": "updated"}}}}}""".formatted(i, refreshMinutes, vendorUrl, i);
    }

    /** Heap in use after the collector settled: what the instances keep, not what they throw away. */
    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
