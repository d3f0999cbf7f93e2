package io.openconnectors.gateway.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.callback.CallbackSignatureCheck;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.gateway.GatewaySetup;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code --demo}: in the gateway's own process and port, a stand-in CRM whose contacts change every few seconds, a
 * stand-in vendor pushing signed webhooks, and a callback receiver that verifies every signature and prints one line
 * per event. The demo creates its two instances through the same API anyone would use.
 */
public final class Demo {

    /** The seed's connector key; relative poller URLs of its instances resolve against the stand-in CRM. */
    private static final String CONNECTOR = "connectorKey";
    /** Signs what the demo instances deliver; the demo receiver checks it. */
    private static final String CALLBACK_KEY = "demo-callback-signing-key";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GatewaySetup setup;
    private final DemoCrm crm = new DemoCrm(Clock.systemUTC());
    private final DemoWebhookVendor vendor = new DemoWebhookVendor(Clock.systemUTC());
    private final DemoReceiver receiver = new DemoReceiver(System.out);

    public Demo(GatewaySetup setup) {
        this.setup = setup;
    }

    /** Where the gateway reaches itself. */
    private String selfUrl() {
        String host = "0.0.0.0".equals(setup.host()) ? "127.0.0.1" : setup.host();
        return "http://" + host + ":" + setup.port();
    }

    /** The connector setting the seed's relative poller URL resolves against: the stand-in CRM. */
    public String connectorProperty() {
        return "openconnectors.connector." + CONNECTOR + ".base-url";
    }

    public String connectorBaseUrl() {
        return selfUrl() + "/demo/crm";
    }

    /** The stand-ins: the CRM's API and its changes, the webhook vendor, and the callback receiver. */
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/demo/crm/hubs/crm/contacts?httpMethodRestrict=GET").routeId("demo-crm-api")
                        .process(crm::list);
                from("timer:demo-crm-changes?period=3000&delay=2000").routeId("demo-crm-changes")
                        .process(e -> crm.change());
                from("timer:demo-webhook-vendor?period=4000&delay=3000").routeId("demo-webhook-vendor").autoStartup(false)
                        .process(vendor::next)
                        .toD("${exchangeProperty." + DemoWebhookVendor.TARGET + "}?throwExceptionOnFailure=false");
                from("platform-http:/demo/receiver?httpMethodRestrict=POST").routeId("demo-receiver")
                        .process(CallbackSignatureCheck.elements(CALLBACK_KEY))
                        .convertBodyTo(EventNotification.class)
                        .process(receiver::print);
            }
        };
    }

    /**
     * Creates the demo's polling and webhook instances through the API, then starts the webhook vendor.
     *
     * @param tokenKeptIn where the user finds the API token, to sign in to the console
     */
    public void start(CamelContext context, String apiToken, String tokenKeptIn) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode existing = call(http, apiToken, "GET", "/instances", null);
        JsonNode polling = ensure(http, apiToken, existing, instance("/demo/polling-instance.json"));
        JsonNode webhooks = ensure(http, apiToken, existing, instance("/demo/webhook-instance.json"));
        String webhookPath = webhooks.path("events").path("webhookPath").asText();
        vendor.sendTo(selfUrl() + webhookPath);
        context.getRouteController().startRoute("demo-webhook-vendor");
        System.out.printf("%n[demo] the gateway listens on %s%n"
                          + "[demo] instance %s polls the stand-in CRM with the seed's configuration (a contact changes every 3 s);%n"
                          + "[demo]   the seed reads the created date from lastUpdated too, so every change of a contact is%n"
                          + "[demo]   reported as CREATED again, exactly as Open Connectors would with that configuration%n"
                          + "[demo] instance %s receives the stand-in vendor's signed webhooks on %s (one every 4 s)%n"
                          + "[demo] the callback receiver verifies every signature and prints one line per event; Ctrl-C stops%n"
                          + "[demo] watch them in the console at %s/console, signed in with the API token (%s)%n%n",
                selfUrl(), polling.path("id").asText(), webhooks.path("id").asText(), webhookPath, selfUrl(), tokenKeptIn);
    }

    /** A demo instance body, delivering to the demo receiver with the key it checks. */
    private ObjectNode instance(String resource) throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            ObjectNode body = (ObjectNode) MAPPER.readTree(in);
            ((ObjectNode) body.get("configuration"))
                    .put("event.notification.callback.url", selfUrl() + "/demo/receiver")
                    .put("event.notification.signature.key", CALLBACK_KEY);
            return body;
        }
    }

    /**
     * The demo instance of that name: kept from an earlier run (its callback pointed at this run's receiver), or
     * created.
     */
    private JsonNode ensure(HttpClient http, String token, JsonNode existing, ObjectNode body)
            throws IOException, InterruptedException {
        for (JsonNode instance : existing) {
            if (instance.path("name").asText().equals(body.path("name").asText())) {
                ObjectNode patch = MAPPER.createObjectNode();
                patch.putObject("configuration").set("event.notification.callback.url",
                        body.path("configuration").path("event.notification.callback.url"));
                return call(http, token, "PATCH", "/instances/" + instance.path("id").asText(), patch);
            }
        }
        return call(http, token, "POST", "/instances", body);
    }

    private JsonNode call(HttpClient http, String token, String method, String path, ObjectNode body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(selfUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }
}
