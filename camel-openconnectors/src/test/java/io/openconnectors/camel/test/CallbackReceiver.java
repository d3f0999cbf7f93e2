package io.openconnectors.camel.test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.NotificationJson;

/**
 * Stands in for the subscriber's callback URL: records each POST and answers 200, or the statuses queued with
 * {@link #failNext(int...)}.
 */
public final class CallbackReceiver extends StubServer {

    /** A POST and the status it was answered with. */
    public record Delivery(RecordedRequest request, int status) {
        public EventNotification notification() {
            return NotificationJson.fromBytes(request.body());
        }

        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /** A queued answer: a status and headers. */
    private record Answer(int status, Map<String, String> headers) {
    }

    private final ConcurrentLinkedQueue<Answer> nextAnswers = new ConcurrentLinkedQueue<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile int refusing;

    /** The next POSTs get these statuses, in order, instead of 200. */
    public void failNext(int... statuses) {
        for (int status : statuses) {
            nextAnswers.add(new Answer(status, Map.of()));
        }
    }

    /** The next POST gets this status and these headers (such as Retry-After). */
    public void failNextWith(int status, Map<String, String> headers) {
        nextAnswers.add(new Answer(status, headers));
    }

    /** Every POST gets this status (e.g. 503: the receiver is down) until {@link #accept()}. */
    public void refuseAll(int status) {
        this.refusing = status;
    }

    public void accept() {
        this.refusing = 0;
    }

    /** Answers wait until {@link #releaseAnswers()} (30 s at most), to make senders time out. */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    public void releaseAnswers() {
        hold.countDown();
    }

    public String url() {
        return baseUrl() + "/callback";
    }

    @Override
    protected void handle(RecordedRequest request, Exchange exchange) throws IOException {
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Answer queued = refusing != 0 ? new Answer(refusing, Map.of()) : nextAnswers.poll();
        int status = queued == null ? 200 : queued.status();
        if (queued != null) {
            queued.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        deliveries.add(new Delivery(request, status));
        respond(exchange, status, null, new byte[0]);
    }

    /** Every POST in the order answered, with its status. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The notifications answered with 2xx, in order. */
    public List<EventNotification> accepted() {
        return deliveries.stream().filter(Delivery::accepted).map(Delivery::notification).toList();
    }
}
