package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.openconnectors.camel.OpenConnectorsConstants;
import io.openconnectors.camel.OpenConnectorsEndpoint;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.NotificationJson;
import io.openconnectors.camel.metrics.EventMetrics;
import io.openconnectors.camel.store.EventIngest;
import io.openconnectors.camel.store.StoredNotification;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * The {@code openconnectors:callback} producer: serialises the notification in the body once, then either
 * <ul>
 * <li>with an event store (durable delivery): stores those bytes and completes; the component's dispatcher signs and
 * POSTs them, retrying on the schedule and queueing what keeps failing; or</li>
 * <li>without one: signs and POSTs them now. Anything but a 2xx answer fails the exchange with a
 * {@link CallbackFailedException}, for the route's error handler to see.</li>
 * </ul>
 */
public class CallbackProducer extends DefaultProducer {

    private final String name;
    private final CallbackSender sender;
    private final EventIngest store;
    private final CallbackDispatcher dispatcher;
    private final boolean ordered;
    private final CallbackFailures failures;
    private final Clock clock;

    /**
     * @param name       the endpoint's name: stored notifications remember it, to be delivered by this endpoint's sender
     * @param store      the event store, or {@code null} to deliver directly
     * @param dispatcher the dispatcher of the store, or {@code null}
     * @param failures   where a direct delivery's success or failure is told
     * @param clock      when a notification is stored
     */
    public CallbackProducer(Endpoint endpoint, String name, CallbackSender sender, EventIngest store,
                            CallbackDispatcher dispatcher, boolean ordered, CallbackFailures failures, Clock clock) {
        super(endpoint);
        this.name = name;
        this.sender = sender;
        this.store = store;
        this.dispatcher = dispatcher;
        this.ordered = ordered;
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (dispatcher != null) {
            dispatcher.register(name, sender);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (dispatcher != null) {
            dispatcher.unregister(name, sender);
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        EventNotification notification = exchange.getMessage().getMandatoryBody(EventNotification.class);
        NotificationJson.Serialised body = NotificationJson.serialise(notification);
        if (store == null) {
            EventMetrics metrics = ((OpenConnectorsEndpoint) getEndpoint()).metrics();
            Instant produced = clock.instant();
            long started = System.nanoTime();
            int status;
            try {
                status = sender.send(notification.eventId(), body.bytes());
            } catch (CallbackFailedException e) {
                metrics.attempt(sender.host(), e.getStatus(), Duration.ofNanos(System.nanoTime() - started));
                failures.failed(sender.host(), CallbackFailures.describe(e));
                throw e;
            }
            metrics.attempt(sender.host(), status, Duration.ofNanos(System.nanoTime() - started));
            metrics.delivered(sender.host(), produced);
            failures.succeeded(sender.host());
            exchange.getMessage().setHeader(OpenConnectorsConstants.CALLBACK_STATUS, status);
            return;
        }
        // where the raw lies, so that the parts of a webhook, which all repeat it, store it once
        StoredNotification due = new StoredNotification(notification.eventId(), notification.instanceId(), name, ordered,
                body.bytes(), notification.events().size(), clock.instant(), body.rawOffset(), body.rawLength(), null);
        // claimed at birth when its callback's host has room: delivered from memory once committed, no claim needed;
        // else stored due, and the dispatcher hears of it once it is committed (see DeliveryLeases#addStoredListener)
        CallbackDispatcher.BirthClaim claim = dispatcher.claimAtBirth(name, ordered);
        StoredNotification stored = claim == null ? due : due.claimedBy(claim.claimId());
        CompletableFuture<Boolean> committed;
        try {
            committed = store.store(stored);
        } catch (RuntimeException | Error e) {
            if (claim != null) {
                dispatcher.bornClaimed(claim, stored.delivery(), false);
            }
            throw e;
        }
        EventMetrics metrics = ((OpenConnectorsEndpoint) getEndpoint()).metrics();
        committed.whenComplete((inserted, failure) -> {
            if (claim != null) {
                dispatcher.bornClaimed(claim, stored.delivery(), failure == null && inserted);
            }
            if (failure == null && inserted) {
                metrics.stored(notification.instanceId(), 1);
            }
        });
    }
}
