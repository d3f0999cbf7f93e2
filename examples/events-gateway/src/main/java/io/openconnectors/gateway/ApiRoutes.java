package io.openconnectors.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.instance.InstanceParser;
import io.openconnectors.camel.store.NotificationRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API, in Camel's REST DSL on platform-http. Every call needs {@code Authorization: Bearer <token>},
 * which the {@link RequestGuard} checks before the request reaches a route (and before its body is read); every
 * refusal is a 4xx with a JSON reason, never a stack trace.
 */
final class ApiRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private final InstanceService instances;
    private final EventHistory events;
    private final ClusterView cluster;

    ApiRoutes(InstanceService instances, EventHistory events, ClusterView cluster) {
        this.instances = instances;
        this.events = events;
        this.cluster = cluster;
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        onException(ApiException.class).handled(true).process(ApiRoutes::refuse);
        onException(Exception.class).handled(true).process(ApiRoutes::fail);

        // the fixed paths before /{id}, which would take them otherwise
        rest("/instances")
                .get("/events").to("direct:events-by-status")
                .get("/events/log").to("direct:events-log")
                .get("/events/minutes").to("direct:events-minutes")
                .post("/events/redeliver").to("direct:events-redeliver-all")
                .get("/events/{eventId}").to("direct:events-get")
                .post("/events/{eventId}/redeliver").to("direct:events-redeliver-one")
                .post().to("direct:instances-create")
                .get().to("direct:instances-list")
                .get("/{id}").to("direct:instances-get")
                .patch("/{id}").to("direct:instances-patch")
                .delete("/{id}").to("direct:instances-delete")
                .post("/{id}/events/poll").to("direct:instances-poll")
                .get("/{id}/events").to("direct:instances-events")
                .post("/{id}/events/redeliver").to("direct:instances-redeliver");
        rest("/observe").get("/cluster").to("direct:observe-cluster");

        from("direct:observe-cluster").routeId("api-observe-cluster")
                .process(e -> respond(e, 200, cluster.describe()));

        from("direct:instances-create").routeId("api-instances-create")
                .process(e -> respond(e, 200, InstanceView.of(instances.create(jsonObject(e)), instances)));
        from("direct:instances-list").routeId("api-instances-list")
                .process(e -> {
                    Optional<Map<String, Long>> backlogs = events.backlogs();
                    ArrayNode list = JsonNodeFactory.instance.arrayNode();
                    instances.list().forEach(i -> list.add(InstanceView.withStatus(i, instances, backlogs)));
                    respond(e, 200, list);
                });
        from("direct:instances-get").routeId("api-instances-get")
                .process(e -> respond(e, 200, InstanceView.withStatus(instances.get(id(e)), instances, events.backlogs())));
        from("direct:instances-patch").routeId("api-instances-patch")
                .process(e -> respond(e, 200, InstanceView.of(instances.patch(id(e), jsonObject(e)), instances)));
        from("direct:instances-delete").routeId("api-instances-delete")
                .process(e -> {
                    instances.delete(id(e));
                    respond(e, 200, JsonNodeFactory.instance.objectNode().put("deleted", Long.parseLong(id(e))));
                });
        from("direct:instances-poll").routeId("api-instances-poll")
                .process(e -> {
                    instances.pollNow(id(e));
                    respond(e, 202, JsonNodeFactory.instance.objectNode().put("polling", Long.parseLong(id(e))));
                });
        from("direct:instances-events").routeId("api-instances-events")
                .process(e -> respond(e, 200, list(events.list(id(e), query(e, "page"), query(e, "pageSize")))));
        from("direct:instances-redeliver").routeId("api-instances-redeliver")
                .process(e -> respond(e, 202, redelivered(events.redeliver(id(e), null))));
        from("direct:events-by-status").routeId("api-events-by-status")
                .process(e -> respond(e, 200, list(events.byStatus(query(e, "status"), query(e, "instance"), query(e, "limit")))));
        from("direct:events-redeliver-all").routeId("api-events-redeliver-all")
                .process(e -> respond(e, 202, redelivered(events.redeliver(null, null))));
        from("direct:events-log").routeId("api-events-log")
                .process(e -> {
                    EventHistory.LogPage page = events.log(query(e, "instance"), query(e, "status"), query(e, "since"),
                            query(e, "until"), query(e, "before"), query(e, "limit"));
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.set("events", list(page.records()));
                    if (page.more()) {
                        body.put("next", Long.toString(page.records().get(page.records().size() - 1).sequence()));
                    }
                    respond(e, 200, body);
                });
        from("direct:events-minutes").routeId("api-events-minutes")
                .process(e -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    ArrayNode minutes = body.putArray("minutes");
                    events.lastHour(query(e, "instance")).forEach(m -> minutes.addObject().put("minute", m.minute().toString())
                            .put("delivered", m.delivered()).put("retried", m.retried()).put("queued", m.queued()));
                    respond(e, 200, body);
                });
        from("direct:events-get").routeId("api-events-get")
                .process(e -> respond(e, 200, EventView.withBody(events.find(e.getMessage().getHeader("eventId", String.class)))));
        from("direct:events-redeliver-one").routeId("api-events-redeliver-one")
                .process(e -> respond(e, 202,
                        redelivered(events.redeliver(null, e.getMessage().getHeader("eventId", String.class)))));
    }

    private static ArrayNode list(List<NotificationRecord> records) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        records.forEach(r -> list.add(EventView.of(r)));
        return list;
    }

    private static ObjectNode redelivered(List<String> eventIds) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        eventIds.forEach(body.putArray("redelivered")::add);
        return body;
    }

    private static String query(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("id", String.class);
    }

    /** The request body as a JSON object; the request guard has refused a larger one than the API takes. */
    static ObjectNode jsonObject(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "the body is empty; a JSON object was expected");
        }
        JsonNode json;
        try {
            json = InstanceParser.JSON.read(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "the body is not valid JSON (" + e.getMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        return (ObjectNode) json;
    }

    static void respond(Exchange exchange, int status, JsonNode body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }

    private static void refuse(Exchange exchange) {
        ApiException refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", refusal.getMessage());
        if (!refusal.problems().isEmpty()) {
            ArrayNode problems = body.putArray("problems");
            refusal.problems().forEach(p -> problems.addObject().put("key", p.key()).put("reason", p.reason()));
        }
        respond(exchange, refusal.status(), body);
    }

    private static void fail(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.error("{} {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH), cause.toString(), cause);
        respond(exchange, 500, JsonNodeFactory.instance.objectNode().put("error", "internal error; see the gateway's log"));
    }
}
