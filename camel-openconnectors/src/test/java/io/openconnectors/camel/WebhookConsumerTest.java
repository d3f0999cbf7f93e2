package io.openconnectors.camel;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.webhook.WebhookEventMapper;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code openconnectors:webhook}: payload mapping, splitting, answers, handshakes, and a route failure not acknowledged.
 */
class WebhookConsumerTest extends WebhookTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String CONTACT_OPTIONS = "?instanceId=w1&elementKey=crm&objectType=contacts"
                                                  + "&objectIdField=data.id&eventTypeField=type"
                                                  + "&eventTypeMapping=contact.created:CREATED,contact.deleted:DELETED"
                                                  + "&eventDateField=occurredAt";

    @Test
    void anArrayPayloadBecomesOneEventPerItem() throws Exception {
        startRoute("openconnectors:webhook:crm" + CONTACT_OPTIONS);
        String body = """
                [{"type":"contact.created","occurredAt":"2026-11-28T07:00:00Z","data":{"id":"c-1"}},
                 {"type":"contact.deleted","occurredAt":"2026-11-28T07:00:05+01:00","data":{"id":"c-2"}},
                 {"type":"contact.merged","occurredAt":"2026-11-28T07:00:09Z","data":{"id":"c-3"}}]""";

        HttpResponse<String> response = post("/events/crm", body, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        EventNotification notification = callback.accepted().get(0);
        assertThat(notification.instanceId()).isEqualTo("w1");
        assertThat(notification.events()).containsExactly(
                new ChangeEvent(EventType.CREATED, "c-1", "contacts", "crm", "2026-11-28T07:00:00Z"),
                new ChangeEvent(EventType.DELETED, "c-2", "contacts", "crm", "2026-11-28T06:00:05Z"),
                new ChangeEvent(EventType.UNKNOWN, "c-3", "contacts", "crm", "2026-11-28T07:00:09Z"));
        assertThat(notification.raw()).isEqualTo(MAPPER.readTree(body));
        assertThat(MAPPER.readTree(response.body()).path("eventIds").get(0).asText()).isEqualTo(notification.eventId());
        assertThat(callback.deliveries().get(0).request().header("Elements-Webhook-Id")).isEqualTo(notification.eventId());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void consumersWithAPathTemplateShareOneHttpRouteEachReceivingOnItsOwnPath() throws Exception {
        String shared = "&pathTemplate=/hooks/{vendor}/{id}&objectIdField=id&objectType=contacts";
        startRoute("openconnectors:webhook:one?instanceId=one&path=/hooks/crm/1" + shared);
        startRoute("openconnectors:webhook:two?instanceId=two&path=/hooks/crm/2" + shared);

        assertThat(post("/hooks/crm/2", "{\"id\": \"c-2\"}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("/hooks/crm/1/", "{\"id\": \"c-1\"}", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> nobody = post("/hooks/crm/3", "{\"id\": \"c-3\"}", Map.of());
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(nobody.body()).isEqualTo("{\"error\":\"no webhook receives on this path\"}");
        assertThat(callback.accepted()).extracting(EventNotification::instanceId).containsExactly("two", "one");
        assertThat(httpPaths()).containsExactly("/hooks/{vendor}/{id}");

        context.getRouteController().stopRoute(routeFrom("webhook:one"));
        assertThat(post("/hooks/crm/1", "{\"id\": \"c-1\"}", Map.of()).statusCode()).isEqualTo(404);
        assertThat(post("/hooks/crm/2", "{\"id\": \"c-2\"}", Map.of()).statusCode()).isEqualTo(200);
        context.getRouteController().stopRoute(routeFrom("webhook:two"));
        assertThat(httpPaths()).isEmpty();
    }

    @Test
    void aPathTemplateThatDoesNotMatchThePathIsRefused() {
        assertThatThrownBy(() -> startRoute("openconnectors:webhook:x?path=/hooks/crm&pathTemplate=/hooks/{vendor}/{id}"))
                .hasStackTraceContaining("pathTemplate: '/hooks/{vendor}/{id}' does not match the path '/hooks/crm'");
    }

    private Set<String> httpPaths() {
        Set<String> paths = new HashSet<>();
        context.getComponent("platform-http", PlatformHttpComponent.class).getHttpEndpoints()
                .forEach(endpoint -> paths.add(endpoint.getUri()));
        return paths;
    }

    private String routeFrom(String endpointUriPart) {
        return context.getRoutes().stream().filter(route -> route.getEndpoint().getEndpointUri().contains(endpointUriPart))
                .findFirst().orElseThrow().getRouteId();
    }

    @Test
    void aSingleObjectPayloadIsOneEventAndItemsCanSitDeeper() throws Exception {
        startRoute("openconnectors:webhook:single?path=/hooks/single&objectIdField=id&objectTypeField=object");
        startRoute("openconnectors:webhook:deep?path=/hooks/deep&itemsField=payload.records&objectIdField=id&objectType=deals"
                   + "&eventTypeField=op&eventDateField=ts&eventDateFormat=milliseconds");

        assertThat(post("/hooks/single", "{\"id\": 7, \"object\": \"invoice\"}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("/hooks/deep", "{\"payload\": {\"records\": [{\"id\": \"d-1\", \"op\": \"updated\", \"ts\": 1764313200000}]}}",
                Map.of()).statusCode()).isEqualTo(200);

        assertThat(callback.accepted()).flatExtracting(EventNotification::events).containsExactly(
                new ChangeEvent(EventType.UNKNOWN, "7", "invoice", null, callback.accepted().get(0).events().get(0).date()),
                new ChangeEvent(EventType.UPDATED, "d-1", "deals", null, "2025-11-28T07:00:00Z"));
    }

    @Test
    void aLargePayloadIsSplitInNotificationsOfTwentyThatEachRepeatTheWholeBody() throws Exception {
        startRoute("openconnectors:webhook:bulk?objectIdField=id&objectType=contacts");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 45; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"c-").append(i).append("\"}");
        }
        body.append(']');

        HttpResponse<String> response = post("/events/bulk", body.toString(), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        List<EventNotification> notifications = callback.accepted();
        assertThat(notifications).extracting(n -> n.events().size()).containsExactly(20, 20, 5);
        assertThat(notifications).allSatisfy(n -> assertThat(n.raw()).hasSize(45));
        Set<String> ids = new HashSet<>();
        notifications.forEach(n -> n.events().forEach(e -> ids.add(e.objectId())));
        assertThat(ids).hasSize(45);
        assertThat(MAPPER.readTree(response.body()).path("eventIds")).hasSize(3);
    }

    @Test
    void malformedEmptyOversizeAndWrongMethodAreRefusedWithAReason() throws Exception {
        startRoute("openconnectors:webhook:strict?maxBodySize=100");

        HttpResponse<String> malformed = post("/events/strict", "{\"id\": ", Map.of());
        HttpResponse<String> empty = post("/events/strict", "", Map.of());
        HttpResponse<String> oversize = post("/events/strict", "{\"pad\": \"" + "x".repeat(200) + "\"}", Map.of());
        HttpResponse<String> put = send("PUT", "/events/strict", "{}".getBytes(), Map.of());
        HttpResponse<String> delete = send("DELETE", "/events/strict", null, Map.of());

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(reason(malformed)).startsWith("the body is not valid JSON (syntax error at line 1");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(oversize.statusCode()).isEqualTo(413);
        assertThat(reason(oversize)).contains("at most 100");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(List.of(malformed, empty, oversize, put, delete))
                .allSatisfy(r -> assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat "));
        assertThat(callback.deliveries()).isEmpty();
    }

    @Test
    void aRouteFailureIsNotAcknowledgedAndTheRetryCarriesTheSameIds() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            startRoute("openconnectors:webhook:retry?objectIdField=id&deliveryIdHeader=X-Delivery");
            callback.failNext(500);
            String body = "{\"id\": \"c-1\"}";

            HttpResponse<String> first = post("/events/retry", body, Map.of("X-Delivery", "d-77"));
            HttpResponse<String> retry = post("/events/retry", body, Map.of("X-Delivery", "d-77"));

            assertThat(first.statusCode()).isEqualTo(500);
            assertThat(reason(first)).isEqualTo("the events could not be handed on; retry later");
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(callback.deliveries()).extracting(d -> d.notification().eventId()).containsOnly(
                    MAPPER.readTree(retry.body()).path("eventIds").get(0).asText());
            assertThat(logs.containing("Webhook for instance 'default' not acknowledged: the route failed on notification"))
                    .hasSize(1);
        }
    }

    @Test
    void identicalBodiesWithoutADeliveryIdAreDifferentEvents() throws Exception {
        startRoute("openconnectors:webhook:same?objectIdField=ticket");
        String body = "{\"ticket\": \"42\"}"; // a vendor that says only "ticket 42 changed", twice

        post("/events/same", body, Map.of());
        post("/events/same", body, Map.of());

        assertThat(callback.accepted()).hasSize(2);
        assertThat(callback.accepted().get(0).eventId()).isNotEqualTo(callback.accepted().get(1).eventId());
    }

    @Test
    void aMapperBeanReplacesTheMappingOptions() throws Exception {
        WebhookEventMapper hook = (body, headers) -> List.of(new ChangeEvent(
                EventType.valueOf(body.path("kind").asText()), body.path("ref").asText(), headers.get("x-object"), "erp",
                body.path("at").asText()));
        context.getRegistry().bind("erpHook", hook);
        startRoute("openconnectors:webhook:erp?eventMapper=#bean:erpHook");

        post("/events/erp", "{\"kind\": \"UPDATED\", \"ref\": \"o-9\", \"at\": \"2026-11-28T07:00:00Z\"}", Map.of("X-Object", "orders"));

        assertThat(callback.accepted().get(0).events()).containsExactly(
                new ChangeEvent(EventType.UPDATED, "o-9", "orders", "erp", "2026-11-28T07:00:00Z"));
    }

    @Test
    void anItemWithoutIdOrReadableDateIsStillAnEvent() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            startRoute("openconnectors:webhook:lenient?instanceId=w2&objectIdField=id&eventDateField=when");

            String items = "[{\"when\": \"soon\"}" + ", {\"when\": \"later\"}".repeat(49) + "]";
            assertThat(post("/events/lenient", items, Map.of()).statusCode()).isEqualTo(200);

            ChangeEvent event = callback.accepted().get(0).events().get(0);
            assertThat(event.objectId()).isNull();
            assertThat(event.date()).isNotNull();
            // once per webhook with a count, not a line per item
            assertThat(logs.containing("Webhook of instance 'w2': 50 of 50 items have no objectIdField 'id'")).hasSize(1);
            assertThat(logs.containing("Webhook of instance 'w2': 50 of 50 items have an eventDateField 'when' that cannot be "
                                       + "read (the first, \"soon\",")).hasSize(1);
        }
    }

    @Test
    void aWebhookWithMoreItemsThanAllowedIsRefusedWhole() throws Exception {
        startRoute("openconnectors:webhook:bulk?instanceId=w3&maxItems=100");

        HttpResponse<String> tooMany = post("/events/bulk", "[" + "{\"id\": 1},".repeat(100) + "{\"id\": 2}]", Map.of());
        HttpResponse<String> enough = post("/events/bulk", "[" + "{\"id\": 1},".repeat(99) + "{\"id\": 2}]", Map.of());

        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(reason(tooMany)).isEqualTo("the webhook has 101 items; at most 100 are accepted in one request");
        assertThat(enough.statusCode()).isEqualTo(200);
        assertThat(callback.accepted()).hasSize(5).allSatisfy(n -> assertThat(n.events()).hasSize(20));
    }

    @Test
    void badOptionsStopTheRouteFromStartingWithEveryProblem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startRoute(
                "openconnectors:webhook:bad?itemsField=a..b&eventTypeMapping=x:MAYBE&vendorSignatureHeader=X-Sig"))
                .hasStackTraceContaining("itemsField: 'a..b' has an empty segment")
                .hasStackTraceContaining("eventTypeMapping: 'MAYBE' is not an event type")
                .hasStackTraceContaining("vendorSignatureSecret: is required when the vendor signs (hmac)");
    }

    static String reason(HttpResponse<String> response) throws Exception {
        JsonNode json = MAPPER.readTree(response.body());
        return json.path("error").asText();
    }
}
