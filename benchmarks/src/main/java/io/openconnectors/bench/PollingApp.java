package io.openconnectors.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.store.JdbcEventStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The polling benchmark's system under test: one {@code openconnectors:poll} route into
 * {@code openconnectors:callback}, direct or through an H2 event store. Prints the most heap it used when stopped.
 * {@code PollingApp <vendorUrl> <callbackUrl> <direct|durable> [maxPages]}: with maxPages, each poll reads that many
 * pages and the next one, 100 ms later, reads on (a sweep).
 */
public final class PollingApp {

    private PollingApp() {
    }

    public static void main(String[] args) throws Exception {
        printPeakHeapWhenStopped();
        DefaultCamelContext camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        Path data = Files.createTempDirectory("bench-polling");
        component.setStateFile(data.resolve("windows.dat").toString());
        if ("durable".equals(args[2])) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(JdbcEventStore.h2FileUrl(data.resolve("events")));
            JdbcEventStore store = new JdbcEventStore(new HikariDataSource(config));
            store.migrate();
            component.setEventStore(store);
        }
        camel.addComponent("openconnectors", component);
        String from = "openconnectors:poll:contacts?instanceId=bench&url=RAW(" + args[0] + ")&pageSize=1000"
                      + "&updatedDateField=_info.lastUpdated&createdDateField=_info.created&backfillFrom=2020-01-01T00:00:00Z"
                      + (args.length > 3 ? "&maxPages=" + args[3] + "&delay=100" : "&maxPages=100000&delay=3600000")
                      + "&initialDelay=0";
        String to = "openconnectors:callback:bench?callbackUrl=" + args[1] + "&signatureSecret=bench-callback-key";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
            }
        });
        camel.start();
        Thread.currentThread().join();
    }

    /** Samples the heap in use every 10 ms, and prints the most it saw ({@code PEAK_HEAP_BYTES n}) when stopped. */
    static void printPeakHeapWhenStopped() {
        // the most heap in use at any moment, sampled: the sum of each pool's own peak overstates it
        AtomicLong peak = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread sampler = new Thread(() -> {
            while (true) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                LockSupport.parkNanos(10_000_000);
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("PEAK_HEAP_BYTES " + peak.get())));
    }
}
