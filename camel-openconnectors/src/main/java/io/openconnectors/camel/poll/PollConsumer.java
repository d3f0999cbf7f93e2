package io.openconnectors.camel.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.openconnectors.camel.OpenConnectorsEndpoint;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.event.NotificationEmitter;
import io.openconnectors.camel.store.Transactions;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code openconnectors:poll} consumer: at every scheduled poll, reads the resource's changes since the saved
 * window, sends one exchange per notification through the route, and moves the window forward only when every
 * exchange completed.
 * <p>
 * A vendor fault or a failed exchange leaves the window where it was (the next poll reads it again) and counts as a
 * poll error for the scheduler's backoff options. A {@code 429} with {@code Retry-After} also holds polls back until
 * the vendor's time.
 */
public class PollConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(PollConsumer.class);

    private final Clock clock = Clock.systemUTC();
    private final EventSource source;
    private final String resource;
    private ResourcePoller poller;
    private PollWindowStore windows;
    private Instant firstWindowStart;
    private Transactions transactions;

    /** Past this, the vendor's clock is worth a warning: its dates and this machine's would not agree. */
    static final Duration SKEW_WARNING = Duration.ofSeconds(5);

    private volatile Instant resumeAt;
    private volatile Duration vendorClockSkew;
    private boolean skewWarned;
    /** Scheduled and requested polls of one resource never run at the same time: they share the window. */
    private final ReentrantLock pollLock = new ReentrantLock();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private ExecutorService requestedPolls;
    /** The endpoint's initial delay: each start waits at least this long, and longer only to keep the schedule. */
    private long configuredInitialDelay;

    public PollConsumer(OpenConnectorsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.source = endpoint.eventSource();
        this.resource = endpoint.getName();
        setExceptionHandler(new PollFailureHandler(this));
    }

    @Override
    public OpenConnectorsEndpoint getEndpoint() {
        return (OpenConnectorsEndpoint) super.getEndpoint();
    }

    /**
     * Compiles the endpoint's poll options, naming every one that cannot work
     * ({@link io.openconnectors.camel.InvalidSettingsException}).
     */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        OpenConnectorsEndpoint endpoint = getEndpoint();
        PollConfiguration config = endpoint.getPollConfiguration();
        PollSettings settings = PollSettings.compile(config);
        VendorClient vendor = new VendorClient(endpoint.httpClient(), VendorAuth.of(config), clock);
        poller = new ResourcePoller(source, resource, config, settings.url(), vendor, settings.detector(),
                endpoint.maxEventsPerNotification());
        windows = new PollWindowStore(endpoint.pollWindows(), source.instanceId(), resource);
        firstWindowStart = settings.backfillFrom();
        transactions = endpoint.transactions();
        configuredInitialDelay = getInitialDelay();
    }

    /**
     * Saves the first window of a resource never polled; a resource polled before (a restart, a route started again)
     * keeps its schedule: its first poll waits for the rest of the delay since its last poll, as if the consumer had
     * run all along, rather than every resource polling its vendor at once.
     */
    @Override
    protected void doStart() throws Exception {
        Optional<PollWindowStore.Saved> saved = windows.loadSaved();
        if (saved.isEmpty()) {
            // the first window starts now (or at the backfill date): records changed earlier are not replayed. "Now" is
            // this machine's clock until the first poll learns the vendor's and moves the window onto it
            Instant start = firstWindowStart != null ? firstWindowStart : clock.instant();
            windows.save(PollWindow.first(start, firstWindowStart != null));
            LOG.info("Instance '{}' resource '{}': first poll window starts at {}", source.instanceId(),
                    resource, start);
        }
        Instant polledAt = saved.map(PollWindowStore.Saved::polledAt).orElse(null);
        // from the endpoint's value at each start: a delay kept for an earlier start is not kept for this one
        setInitialDelay(polledAt == null ? configuredInitialDelay : Math.max(configuredInitialDelay, untilDue(polledAt)));
        super.doStart();
    }

    /** Milliseconds until a poll that began at {@code polledAt} is followed by the next, at most the delay. */
    private long untilDue(Instant polledAt) {
        long delay = getTimeUnit().toMillis(getDelay());
        long since = Duration.between(polledAt, clock.instant()).toMillis();
        return Math.min(delay, Math.max(0, delay - since));
    }

    /**
     * Polls now, besides the schedule: after a poll in progress, never alongside it; requests made while one waits are
     * one poll. It takes the scheduled poll's own path ({@link #run()}): the poll strategy, the error counters that
     * Camel's consumer health check reads, and the exception handler. A vendor's {@code Retry-After} still applies.
     */
    public synchronized void pollNow() {
        if (!isRunAllowed() || !pollRequested.compareAndSet(false, true)) {
            return;
        }
        if (requestedPolls == null) {
            requestedPolls = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadExecutor(this, "openconnectors-poll-now");
        }
        requestedPolls.execute(() -> {
            pollRequested.set(false);
            run();
        });
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (requestedPolls != null) {
                getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(requestedPolls);
                requestedPolls = null;
            }
        }
        super.doStop();
    }

    @Override
    protected int poll() throws Exception {
        pollLock.lock();
        try {
            return pollWindow();
        } finally {
            pollLock.unlock();
        }
    }

    private int pollWindow() throws Exception {
        Instant now = clock.instant();
        Instant resume = resumeAt;
        if (resume != null && now.isBefore(resume)) {
            LOG.debug("Instance '{}' resource '{}': the vendor asked to wait until {}", source.instanceId(),
                    resource, resume);
            return 0;
        }
        PollWindow window = windows.load().orElseGet(() -> PollWindow.first(now, false));
        ResourcePoller.Result[] outcome = new ResourcePoller.Result[1];
        long started = System.nanoTime();
        try {
            // the notifications the route stores and the window commit together, or not at all
            transactions.inTransaction(() -> {
                outcome[0] = poller.poll(window, now, this::emit);
                windows.save(outcome[0].next(), now);
            });
        } catch (Exception e) {
            getEndpoint().metrics().pollFailed(source.instanceId(), resource, Duration.ofNanos(System.nanoTime() - started));
            if (e instanceof VendorFaultException fault) {
                resumeAt = fault.getRetryAfter() == null ? null : now.plus(fault.getRetryAfter());
            }
            throw e;
        }
        resumeAt = null;
        ResourcePoller.Result result = outcome[0];
        getEndpoint().metrics().polled(source.instanceId(), resource, result.records(), result.skipped(), result.events(),
                Duration.ofNanos(System.nanoTime() - started));
        noteSkew(result.vendorSkew());
        LOG.debug("Instance '{}' resource '{}': {} events from {} pages ({} records skipped); the cursor is now at {}",
                source.instanceId(), resource, result.events(), result.pages(), result.skipped(),
                result.next().cursor());
        return result.events();
    }

    /**
     * Warns once when the vendor's clock is off by more than {@link #SKEW_WARNING}, and once when it is back within a
     * second less: the {@code Date} header has a second's precision, and a skew near the limit must not flap.
     */
    private void noteSkew(Duration skew) {
        if (skew == null) {
            return;
        }
        vendorClockSkew = skew;
        boolean off = skewWarned
                ? skew.abs().compareTo(SKEW_WARNING.minusSeconds(1)) > 0
                : skew.abs().compareTo(SKEW_WARNING) > 0;
        if (off != skewWarned) {
            skewWarned = off;
            if (off) {
                LOG.warn("Instance '{}' resource '{}': the vendor's clock is {} ms {} this machine's; polling follows the "
                         + "vendor's clock", source.instanceId(), resource, skew.abs().toMillis(),
                        skew.isNegative() ? "behind" : "ahead of");
            } else {
                LOG.info("Instance '{}' resource '{}': the vendor's clock is within {} s of this machine's again",
                        source.instanceId(), resource, SKEW_WARNING.toSeconds());
            }
        }
    }

    private void emit(EventNotification notification) throws Exception {
        NotificationEmitter.emit(this, notification, resource);
    }

    /**
     * The vendor's clock minus this machine's, as its {@code Date} header showed at the last poll (to within a second);
     * {@code null} until a poll has seen one. For health details.
     */
    public Duration vendorClockSkew() {
        return vendorClockSkew;
    }

    /**
     * Until when the vendor asked not to be polled ({@code Retry-After}), or {@code null}: for a scheduler shared by
     * several nodes, which must hold the resource's polls back on all of them.
     */
    public Instant resumeAt() {
        return resumeAt;
    }

    /**
     * When the last poll that moved the window began, on whichever node ran it (the window is saved with it); {@code null}
     * before the first, or when the saved window cannot be read or the store does not answer (the next poll says why).
     */
    public Instant lastPolledAt() {
        try {
            return windows.loadSaved().map(PollWindowStore.Saved::polledAt).orElse(null);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    /** Why the last poll failed, or {@code null} when it succeeded: Camel's own record of it, for health checks. */
    public String lastFailure() {
        Throwable error = getLastError();
        return error == null ? null : error.getMessage();
    }

    String instanceId() {
        return source.instanceId();
    }

    String resource() {
        return resource;
    }

    String describeNextAttempt() {
        Instant resume = resumeAt;
        return resume != null
                ? "the vendor asked to wait: the next poll after " + resume + " reads the same window"
                : "the window stays and the next poll reads it again";
    }
}
