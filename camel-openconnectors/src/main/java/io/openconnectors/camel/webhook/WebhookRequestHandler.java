package io.openconnectors.camel.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.event.NotificationFailedException;
import io.openconnectors.camel.json.StrictJson;
import io.openconnectors.camel.metrics.EventMetrics;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.store.Transactions;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP request of the vendor, on the platform-http exchange: checks size and signature, parses, answers
 * handshakes, maps the payload to events and hands each notification to the route. The answer is 2xx only once every
 * notification went through the route; whatever goes wrong, the vendor gets a status and a one-line JSON reason.
 */
final class WebhookRequestHandler implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRequestHandler.class);
    /** Vendors nest deeper than instances do, but never hundreds of levels. */
    private static final StrictJson JSON = StrictJson.nestedAtMost(128);

    /** Hands a notification to the route and waits for it to complete. */
    @FunctionalInterface
    interface NotificationSink {
        void accept(EventNotification notification) throws Exception;
    }

    private final EventSource source;
    private final int maxBodySize;
    private final int maxItems;
    private final VendorSignatureCheck signatureCheck;
    private final Handshake handshake;
    private final WebhookEventMapper mapper;
    private final int maxEvents;
    private final List<String> deliveryIdHeaders;
    private final Transactions transactions;
    private final NotificationSink sink;
    private final Supplier<EventMetrics> metrics;

    /**
     * @param metrics where each answer is counted (read at every request: the component's, once it started)
     */
    WebhookRequestHandler(WebhookSettings settings, NotificationSink sink, Supplier<EventMetrics> metrics) {
        this.source = settings.source();
        this.maxBodySize = settings.maxBodySize();
        this.maxItems = settings.maxItems();
        this.signatureCheck = settings.signatureCheck();
        this.handshake = settings.handshake();
        this.mapper = settings.mapper();
        this.maxEvents = settings.maxEvents();
        this.deliveryIdHeaders = settings.deliveryIdHeaders();
        this.transactions = settings.transactions();
        this.sink = sink;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String method = method(message);
        WebhookAnswer answer;
        try {
            answer = switch (method) {
                case "POST" -> receive(message);
                case "GET" -> handshake.onGet(name -> message.getHeader(name, String.class));
                default -> WebhookAnswer.error(405, method + " is not allowed; events are POSTed");
            };
        } catch (RuntimeException e) {
            LOG.error("Webhook for instance '{}' failed unexpectedly: {}", source.instanceId(), e.toString(), e);
            answer = WebhookAnswer.error(500, "the webhook could not be processed; retry later");
        }
        metrics.get().webhook(source.instanceId(), answer.outcome(), answer.reason());
        write(exchange, answer);
    }

    private WebhookAnswer receive(Message message) {
        Long declared = message.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > maxBodySize) {
            return tooLarge(declared);
        }
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodySize) {
            return tooLarge(body.length);
        }
        if (signatureCheck != null) {
            SignatureVerdict verdict = signatureCheck.verify(method(message), message.getHeader(Exchange.HTTP_RAW_QUERY,
                    String.class), lowerCaseHeaders(message), body);
            if (!verdict.isValid()) {
                LOG.warn("Webhook for instance '{}' refused: {}", source.instanceId(), verdict.reason());
                return WebhookAnswer.error(401, verdict.reason());
            }
        }
        JsonNode json;
        try {
            json = body.length == 0 ? null : JSON.read(body);
        } catch (IllegalArgumentException e) {
            return WebhookAnswer.error(400, "the body is not valid JSON (" + e.getMessage() + ")");
        }
        if (json == null) {
            return WebhookAnswer.error(400, "the body is empty; a JSON webhook was expected");
        }
        WebhookAnswer challenge = handshake.onJson(json);
        return challenge != null ? challenge : deliver(json, lowerCaseHeaders(message));
    }

    private WebhookAnswer deliver(JsonNode json, Map<String, String> headers) {
        List<ChangeEvent> events;
        try {
            events = mapper.map(json, headers);
        } catch (RuntimeException e) {
            LOG.error("Webhook for instance '{}': the event mapper failed: {}", source.instanceId(), e.toString(), e);
            return WebhookAnswer.error(500, "the webhook could not be mapped to events; retry later");
        }
        if (events.size() > maxItems) {
            LOG.warn("Webhook for instance '{}' refused: {} items, at most {} are accepted", source.instanceId(),
                    events.size(), maxItems);
            return WebhookAnswer.error(413, "the webhook has " + events.size() + " items; at most " + maxItems
                                            + " are accepted in one request");
        }
        String deliveryId = deliveryIdHeaders.stream().map(headers::get).filter(id -> id != null && !id.isBlank())
                .findFirst().orElse(null);
        List<EventNotification> notifications = WebhookNotifications.split(source, events, json, deliveryId, maxEvents);
        try {
            // every part is stored (with an event store) before the vendor gets its 2xx
            transactions.inTransaction(() -> {
                for (EventNotification notification : notifications) {
                    sink.accept(notification);
                }
            });
        } catch (NotificationFailedException e) {
            LOG.warn("Webhook for instance '{}' not acknowledged: {}", source.instanceId(), e.getMessage());
            return WebhookAnswer.error(500, "the events could not be handed on; retry later");
        } catch (Exception e) {
            LOG.error("Webhook for instance '{}' not acknowledged: {}", source.instanceId(), e.toString(), e);
            return WebhookAnswer.error(500, "the events could not be handed on; retry later");
        }
        return WebhookAnswer.accepted(notifications.stream().map(EventNotification::eventId).toList());
    }

    private static String method(Message message) {
        return message.getHeader(Exchange.HTTP_METHOD, "", String.class).toUpperCase(Locale.ROOT);
    }

    private WebhookAnswer tooLarge(long size) {
        return WebhookAnswer.error(413, "the body has " + size + " bytes; at most " + maxBodySize + " are accepted");
    }

    private static Map<String, String> lowerCaseHeaders(Message message) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        message.getHeaders().forEach((name, value) -> {
            if (value != null) {
                headers.put(name.toLowerCase(Locale.ROOT), value.toString());
            }
        });
        return headers;
    }

    /** Replaces the request on the exchange with the answer: no request header goes back to the vendor. */
    static void write(Exchange exchange, WebhookAnswer answer) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, answer.contentType() + "; charset=utf-8");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(answer.body());
    }
}
