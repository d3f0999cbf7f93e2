package io.openconnectors.camel.instance;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.http.EgressPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link InstanceParser}: the seed's {@code POST /instances} bodies and every kind of bad input.
 */
class InstanceParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String CONTACTS_URL = "/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'";

    /** The seed's polling example, copied as written, with its placeholders filled. */
    private static final String SEED_POLLING = """
            {
              "element":{
                "key":"connectorKey"
              },
              "configuration":{
                "username": "crm-user",
                "password": "crm-password-123",
                "event.notification.enabled": true,
                "event.vendor.type": "polling",
                "event.notification.callback.url": "http://mycoolapp.com",
                "event.poller.refresh_interval": 15,
                "event.notification.signature.key": "sig-key-456",
                "event.poller.configuration":{
                  "contacts":{
                    "url":"/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
                    "idField":"id",
                    "datesConfiguration":{
                      "updatedDateField":"_info.lastUpdated",
                      "updatedDateFormat":"yyyy-MM-dd'T'HH:mm:ss'Z'",
                      "updatedDateTimezone":"GMT",
                      "createdDateField":"_info.lastUpdated",
                      "createdDateFormat":"yyyy-MM-dd'T'HH:mm:ss'Z'",
                      "createdDateTimezone":"GMT"
                    }
                  }
                }
              },
              "tags":[
                "crm-tag"
              ],
              "name":"my-crm-instance"
            }
            """;

    /** The seed's webhook example, placeholders filled. */
    private static final String SEED_WEBHOOK = """
            {
              "element":{
                "key":"connectorKey"
              },
              "configuration":{
                "username": "crm-user",
                "password": "crm-password-123",
                "event.notification.enabled": true,
                "event.vendor.type": "webhooks",
                "event.notification.callback.url": "http://mycoolapp.com",
                "event.notification.signature.key": "sig-key-456"
              },
              "tags":[
                "crm-tag"
              ],
              "name":"my-crm-instance"
            }
            """;

    private static InstanceDefinition parse(String json) {
        return InstanceParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode configuration(ObjectNode root) {
        return (ObjectNode) root.get("configuration");
    }

    private static ObjectNode contacts(ObjectNode root) {
        return (ObjectNode) configuration(root).get("event.poller.configuration").get("contacts");
    }

    /** The seed polling body changed by {@code change}. */
    private static String polling(Consumer<ObjectNode> change) {
        ObjectNode root = tree(SEED_POLLING);
        change.accept(root);
        return root.toString();
    }

    private static List<SettingProblem> problems(String json) {
        try {
            parse(json);
        } catch (InvalidSettingsException e) {
            assertThat(e.getMessage()).startsWith("Invalid instance");
            return e.getProblems();
        }
        throw new AssertionError("accepted: " + json);
    }

    private static List<String> keys(String json) {
        return problems(json).stream().map(SettingProblem::key).toList();
    }

    private static SettingProblem problem(String json, String key) {
        List<SettingProblem> problems = problems(json);
        return problems.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem under " + key + " in " + problems));
    }

    // ---------------------------------------------------------------- the seed

    @Test
    void seedPollingExampleIsAccepted() {
        InstanceDefinition instance = parse(SEED_POLLING);

        assertThat(instance.name()).isEqualTo("my-crm-instance");
        assertThat(instance.elementKey()).isEqualTo("connectorKey");
        assertThat(instance.tags()).containsExactly("crm-tag");
        assertThat(instance.configuration()).containsKeys("username", "password", "event.poller.configuration");
        assertThat(instance.configuration().get("password").asText()).isEqualTo("crm-password-123");

        EventSection events = instance.events();
        assertThat(events.enabled()).isTrue();
        assertThat(events.vendorType()).isEqualTo(VendorType.POLLING);
        assertThat(events.callbackUrl()).isEqualTo("http://mycoolapp.com");
        assertThat(events.signatureKey()).isEqualTo("sig-key-456");
        assertThat(events.refreshIntervalMinutes()).isEqualTo(15.0);
        assertThat(events.refreshIntervalMillis()).isEqualTo(900_000L);
        assertThat(events.vendorOptions())
                .containsOnly(entry("username", "crm-user"), entry("password", "crm-password-123"));
    }

    @Test
    void seedContactsResourceMapsToEndpointOptions() {
        List<PollResource> resources = parse(SEED_POLLING).events().resources();

        assertThat(resources).hasSize(1);
        PollResource contacts = resources.get(0);
        assertThat(contacts.name()).isEqualTo("contacts");
        assertThat(contacts.options()).containsOnly(
                entry("url", CONTACTS_URL),
                entry("idField", "id"),
                entry("updatedDateField", "_info.lastUpdated"),
                entry("updatedDateFormat", "yyyy-MM-dd'T'HH:mm:ss'Z'"),
                entry("updatedDateTimezone", "GMT"),
                entry("createdDateField", "_info.lastUpdated"),
                entry("createdDateFormat", "yyyy-MM-dd'T'HH:mm:ss'Z'"),
                entry("createdDateTimezone", "GMT"));
    }

    @Test
    void seedPlaceholderMinutesIsRefused() {
        String json = polling(root -> configuration(root).put("event.poller.refresh_interval", "<minutes>"));
        SettingProblem problem = problem(json, "event.poller.refresh_interval");
        assertThat(problem.reason()).contains("'<minutes>'").contains("number of minutes");
        assertThat(keys(json)).containsExactly("event.poller.refresh_interval");
    }

    @Test
    void theDocumentationsPlaceholdersLeftInUrlsAndKeysAreRefusedByName() {
        String json = polling(root -> {
            configuration(root).put("event.notification.callback.url", "<YOUR_CALLBACK_URL>");
            configuration(root).put("event.notification.signature.key", "<OPTIONAL_SIGNATURE_KEY>");
            configuration(root).put("base.url", "<BASE_URL>");
        });

        assertThat(problem(json, "event.notification.callback.url").reason())
                .isEqualTo("'<YOUR_CALLBACK_URL>' is the example's placeholder: put the real value here");
        assertThat(problem(json, "base.url").reason()).isEqualTo("'<BASE_URL>' is the example's placeholder: put the real value here");
        assertThat(problem(json, "event.notification.signature.key").reason())
                .isEqualTo("'<...>' is the example's placeholder: put the real value here");
        assertThat(keys(json)).containsExactlyInAnyOrder("event.notification.callback.url", "base.url",
                "event.notification.signature.key");
        String webhookKey = polling(root -> configuration(root).put("event.webhook.signature.key", "whsec_<endpoint secret>"));
        assertThat(problem(webhookKey, "event.webhook.signature.key").reason())
                .isEqualTo("'<...>' is the example's placeholder: put the real value here");
    }

    @Test
    void booleansAndNumbersAsStrings() {
        InstanceDefinition instance = parse(polling(root -> {
            configuration(root).put("event.notification.enabled", "true");
            configuration(root).put("event.poller.refresh_interval", "2.5");
            contacts(root).put("pageSize", "200");
            contacts(root).put("filterByCurrentDate", "TRUE");
            contacts(root).put("createdCheckTolerance", 3);
        }));
        assertThat(instance.events().enabled()).isTrue();
        assertThat(instance.events().refreshIntervalMinutes()).isEqualTo(2.5);
        assertThat(instance.events().refreshIntervalMillis()).isEqualTo(150_000L);
        assertThat(instance.events().resources().get(0).options())
                .contains(entry("pageSize", "200"), entry("filterByCurrentDate", "true"),
                        entry("createdCheckTolerance", "3"));
    }

    @Test
    void disabledAsString() {
        InstanceDefinition instance = parse(polling(root -> configuration(root).put("event.notification.enabled", "false")));
        assertThat(instance.events().enabled()).isFalse();
    }

    @Test
    void pollerConfigurationGivenAsAJsonString() {
        String json = polling(root -> {
            JsonNode object = configuration(root).get("event.poller.configuration");
            configuration(root).put("event.poller.configuration", object.toString());
        });
        assertThat(tree(json).get("configuration").get("event.poller.configuration").isTextual()).isTrue();

        PollResource contacts = parse(json).events().resources().get(0);
        assertThat(contacts.name()).isEqualTo("contacts");
        assertThat(contacts.options()).containsEntry("url", CONTACTS_URL)
                .containsEntry("updatedDateField", "_info.lastUpdated")
                .containsEntry("createdDateTimezone", "GMT");
    }

    @Test
    void pollerConfigurationStringThatIsNotJson() {
        String json = polling(root -> configuration(root).put("event.poller.configuration", "{contacts: oops"));
        assertThat(keys(json)).containsExactly("event.poller.configuration");
    }

    @Test
    void pollerConfigurationStringOfAnArray() {
        String json = polling(root -> configuration(root).put("event.poller.configuration", "[1,2]"));
        assertThat(keys(json)).containsExactly("event.poller.configuration");
    }

    @Test
    void seedWebhookExampleWithWebhooks() {
        EventSection events = parse(SEED_WEBHOOK).events();
        assertThat(events.enabled()).isTrue();
        assertThat(events.vendorType()).isEqualTo(VendorType.WEBHOOK);
        assertThat(events.callbackUrl()).isEqualTo("http://mycoolapp.com");
        assertThat(events.signatureKey()).isEqualTo("sig-key-456");
        assertThat(events.refreshIntervalMinutes()).isNull();
        assertThat(events.resources()).isEmpty();
    }

    @Test
    void seedWebhookExampleWithWebhook() {
        String json = SEED_WEBHOOK.replace("\"webhooks\"", "\"webhook\"");
        assertThat(json).contains("\"event.vendor.type\": \"webhook\"");
        assertThat(parse(json).events().vendorType()).isEqualTo(VendorType.WEBHOOK);
    }

    @Test
    void vendorTypeIsCaseInsensitive() {
        assertThat(parse(SEED_WEBHOOK.replace("\"webhooks\"", "\"WebHooks\"")).events().vendorType())
                .isEqualTo(VendorType.WEBHOOK);
        assertThat(parse(polling(root -> configuration(root).put("event.vendor.type", " Polling "))).events()
                .vendorType()).isEqualTo(VendorType.POLLING);
    }

    @Test
    void eventsOffNeedNoCallbackUrl() {
        ObjectNode root = tree(SEED_WEBHOOK);
        configuration(root).put("event.notification.enabled", false);
        configuration(root).remove("event.notification.callback.url");
        configuration(root).remove("event.vendor.type");
        EventSection events = parse(root.toString()).events();
        assertThat(events.enabled()).isFalse();
        assertThat(events.callbackUrl()).isNull();
        assertThat(events.vendorType()).isNull();
    }

    @Test
    void emptySignatureKeyMeansUnsigned() {
        String json = SEED_WEBHOOK.replace("\"sig-key-456\"", "\"\"");
        assertThat(parse(json).events().signatureKey()).isNull();
    }

    @Test
    void vendorLevelKeysBecomeVendorOptions() {
        InstanceDefinition instance = parse(polling(root -> {
            configuration(root).remove("username");
            configuration(root).remove("password");
            configuration(root).put("base.url", "https://api.example.com");
            configuration(root).put("api.key", "k-1");
            configuration(root).put("api.key.header", "X-Token");
        }));
        assertThat(instance.events().vendorOptions()).containsOnly(entry("baseUrl", "https://api.example.com"),
                entry("apiKey", "k-1"), entry("apiKeyHeader", "X-Token"));
    }

    // ---------------------------------------------------------------- one problem each

    @Test
    void missingCallbackUrlWithEventsOn() {
        String json = polling(root -> configuration(root).remove("event.notification.callback.url"));
        assertThat(keys(json)).containsExactly("event.notification.callback.url");
        assertThat(problem(json, "event.notification.callback.url").reason()).contains("required");
    }

    @Test
    void nonUrlCallback() {
        for (String bad : new String[] { "not a url", "mycoolapp.com", "ftp://mycoolapp.com/x", "http://" }) {
            String json = polling(root -> configuration(root).put("event.notification.callback.url", bad));
            SettingProblem problem = problem(json, "event.notification.callback.url");
            assertThat(problem.reason()).as(bad).contains("'" + bad + "'");
            assertThat(keys(json)).as(bad).containsExactly("event.notification.callback.url");
        }
    }

    @Test
    void aCallbackUrlNoPolicyAllowsIsRefusedWithItsReason() {
        String[][] cases = {
                { "http://169.254.169.254/latest/meta-data/", "refused by egress policy: 169.254.169.254 (cloud metadata)" },
                { "http://metadata.google.internal/computeMetadata/v1/", "refused by egress policy: metadata.google.internal (cloud metadata)" },
                { "http://[fe80::1]/cb", "refused by egress policy: [fe80::1] (link-local)" },
                { "http://0.0.0.0:8080/cb", "refused by egress policy: 0.0.0.0 (unspecified address)" },
                { "https://crm-user:s3cr3t@mycoolapp.com/cb", "'https://********@mycoolapp.com/cb' must not carry user info" },
                { "https://mycoolapp.com:70000/cb", "has port 70000, outside 1..65535" } };
        for (String[] bad : cases) {
            String json = polling(root -> configuration(root).put("event.notification.callback.url", bad[0]));
            assertThat(keys(json)).as(bad[0]).containsExactly("event.notification.callback.url");
            assertThat(problem(json, "event.notification.callback.url").reason()).as(bad[0]).contains(bad[1])
                    .doesNotContain("s3cr3t");
        }
        // the default policy leaves loopback and private networks to the application
        assertThat(parse(polling(root -> configuration(root).put("event.notification.callback.url", "http://127.0.0.1:9000/cb")))
                .events().callbackUrl()).isEqualTo("http://127.0.0.1:9000/cb");
    }

    @Test
    void underAStrictPolicyLocalCallbackAndVendorUrlsAreProblemsOfTheirKeys() {
        ObjectNode root = tree(SEED_POLLING);
        configuration(root).put("event.notification.callback.url", "http://2130706433:9000/cb");
        configuration(root).put("base.url", "http://10.0.0.5");
        contacts(root).put("url", "http://localhost:8080/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd}'");

        assertThatThrownBy(() -> InstanceParser.parse(root, EgressPolicy.strict("crm.internal")))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.getProblems()).containsExactly(
                        new SettingProblem("event.notification.callback.url",
                                "'http://2130706433:9000/cb' is refused by egress policy: 2130706433 (loopback)"),
                        new SettingProblem("base.url", "'http://10.0.0.5/' is refused by egress policy: 10.0.0.5 (private network)"),
                        new SettingProblem("event.poller.configuration.contacts.url",
                                "'http://localhost:8080/' is refused by egress policy: localhost (loopback)")));

        // allowlisted, or a name only DNS can judge: accepted here, judged again when connecting
        configuration(root).put("base.url", "http://crm.internal");
        configuration(root).put("event.notification.callback.url", "https://receiver.example.com/cb");
        contacts(root).put("url", CONTACTS_URL);
        assertThat(InstanceParser.parse(root, EgressPolicy.strict("crm.internal")).events().vendorOptions())
                .containsEntry("baseUrl", "http://crm.internal");
    }

    @Test
    void unknownVendorType() {
        String json = SEED_WEBHOOK.replace("\"webhooks\"", "\"carrier-pigeon\"");
        SettingProblem problem = problem(json, "event.vendor.type");
        assertThat(problem.reason()).contains("'carrier-pigeon'");
        assertThat(keys(json)).containsExactly("event.vendor.type");
    }

    @Test
    void missingVendorTypeWithEventsOn() {
        ObjectNode root = tree(SEED_WEBHOOK);
        configuration(root).remove("event.vendor.type");
        assertThat(keys(root.toString())).containsExactly("event.vendor.type");
    }

    @Test
    void refreshIntervalOutsideOneSecondToSevenDays() {
        for (Object bad : new Object[] { 0, -5, "0", "-1.5", "0.01", 10081 }) {
            String json = polling(root -> configuration(root).set("event.poller.refresh_interval",
                    bad instanceof Integer i ? IntNode.valueOf(i) : TextNode.valueOf((String) bad)));
            assertThat(keys(json)).as(bad.toString()).containsExactly("event.poller.refresh_interval");
            assertThat(problem(json, "event.poller.refresh_interval").reason()).as(bad.toString())
                    .contains(bad.toString()).contains("between 1 second (0.0167 minutes) and 7 days (10080 minutes)");
        }
        for (String good : new String[] { "0.0167", "10080" }) {
            assertThat(parse(polling(root -> configuration(root).put("event.poller.refresh_interval", good))).events()
                    .refreshIntervalMinutes()).isEqualTo(Double.parseDouble(good));
        }
    }

    @Test
    void aNumberBeyondDoubleIsRefusedNotReadAsInfinity() {
        String json = SEED_POLLING.replace("\"event.poller.refresh_interval\": 15", "\"event.poller.refresh_interval\": 1e400");

        assertThat(problem(json, "event.poller.refresh_interval").reason()).isEqualTo("1E+400 is out of range");
    }

    @Test
    void controlCharactersAreRefusedWhereverTextIsRead() {
        String json = polling(root -> {
            root.put("name", "crm\u0000one");
            root.putArray("tags").add("a\u0001b");
            ((ObjectNode) root.get("element")).put("key", "crm\nkey");
            configuration(root).put("event.notification.callback.url", "http://app.example.com/\u0007");
        });

        assertThat(keys(json)).containsExactlyInAnyOrder("name", "tags[0]", "element.key", "event.notification.callback.url");
        assertThat(problem(json, "name").reason()).isEqualTo("holds the control character U+0000; it is not allowed");
        assertThat(problem(json, "element.key").reason()).isEqualTo("holds the control character U+000A; it is not allowed");
    }

    @Test
    void aConnectorKeyIsAPlainWord() {
        for (String bad : new String[] { "{{env:PATH}}", "crm/one", "../x", "a b", "-lead", "x".repeat(101) }) {
            String json = polling(root -> ((ObjectNode) root.get("element")).put("key", bad));
            assertThat(keys(json)).as(bad).containsExactly("element.key");
            assertThat(problem(json, "element.key").reason()).as(bad)
                    .endsWith("is not a connector key: up to 100 letters, digits, '_', '-' and '.'");
        }
    }

    @Test
    void placeholdersInFreeTextAreKeptAsText() {
        String hostile = "{{env:OPENCONNECTORS_API_TOKEN}} ${sys:java.home} RAW(x) #bean:y";

        InstanceDefinition instance = parse(polling(root -> {
            root.put("name", hostile);
            root.putArray("tags").add(hostile);
        }));

        assertThat(instance.name()).isEqualTo(hostile);
        assertThat(instance.tags()).containsExactly(hostile);
    }

    @Test
    void bodiesThatAreNotOneStrictJsonObjectAreRefusedWithAReason() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"name\": \"a\", \"name\": \"b\"}", "not valid JSON: a key appears twice in one object at line 1, column 21");
        bad.put("{\"name\": \"a\"} trailing", "not valid JSON: syntax error at line 1, column 23");
        bad.put("[".repeat(5000), "not valid JSON: nested deeper than 32 levels, or a number or name too long");
        bad.put("{\"a\":".repeat(5000), "not valid JSON: nested deeper than 32 levels, or a number or name too long");
        bad.forEach((body, reason) -> assertThatThrownBy(() -> InstanceParser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .as(body.substring(0, Math.min(body.length(), 30)))
                .isInstanceOfSatisfying(InvalidSettingsException.class,
                        e -> assertThat(e.getProblems()).containsExactly(new SettingProblem("body", reason))));

        byte[] utf32ish = { 0, 0, 0, 0x7B, 0, 0, 0, 0x7D, (byte) 0xFF };
        assertThatThrownBy(() -> InstanceParser.parse(utf32ish)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("Invalid instance: body: not valid JSON");
    }

    @Test
    void nonNumericRefreshInterval() {
        for (String bad : new String[] { "soon", "", "NaN", "Infinity" }) {
            String json = polling(root -> configuration(root).put("event.poller.refresh_interval", bad));
            assertThat(keys(json)).as(bad).containsExactly("event.poller.refresh_interval");
        }
        String bool = polling(root -> configuration(root).put("event.poller.refresh_interval", true));
        assertThat(keys(bool)).containsExactly("event.poller.refresh_interval");
    }

    @Test
    void missingRefreshIntervalForPolling() {
        String json = polling(root -> configuration(root).remove("event.poller.refresh_interval"));
        assertThat(keys(json)).containsExactly("event.poller.refresh_interval");
    }

    @Test
    void missingPollerConfigurationForPolling() {
        String json = polling(root -> configuration(root).remove("event.poller.configuration"));
        assertThat(keys(json)).containsExactly("event.poller.configuration");
    }

    @Test
    void resourceWithoutUrl() {
        String json = polling(root -> contacts(root).remove("url"));
        assertThat(keys(json)).containsExactly("event.poller.configuration.contacts.url");
    }

    @Test
    void dateFormatThatDoesNotParse() {
        String json = polling(root -> ((ObjectNode) contacts(root).get("datesConfiguration"))
                .put("updatedDateFormat", "yyyy-MM-dd'T'HH:mm:ss qq"));
        assertThat(keys(json)).containsExactly("event.poller.configuration.contacts.datesConfiguration.updatedDateFormat");
        assertThat(problem(json, "event.poller.configuration.contacts.datesConfiguration.updatedDateFormat").reason())
                .contains("yyyy-MM-dd'T'HH:mm:ss qq");
    }

    @Test
    void unknownDateTimezone() {
        String json = polling(root -> ((ObjectNode) contacts(root).get("datesConfiguration"))
                .put("createdDateTimezone", "Mars/Olympus"));
        assertThat(keys(json))
                .containsExactly("event.poller.configuration.contacts.datesConfiguration.createdDateTimezone");
    }

    @Test
    void unknownMacroInUrl() {
        String json = polling(root -> contacts(root).put("url", "/hubs/crm/contacts?where=lastUpdated>'${foo}'"));
        assertThat(keys(json)).containsExactly("event.poller.configuration.contacts.url");
        assertThat(problem(json, "event.poller.configuration.contacts.url").reason()).contains("${foo}");
    }

    @Test
    void unknownResourceKey() {
        String json = polling(root -> contacts(root).put("pollEvery", 5));
        assertThat(keys(json)).containsExactly("event.poller.configuration.contacts.pollEvery");
    }

    @Test
    void unknownDatesConfigurationKey() {
        String json = polling(root -> ((ObjectNode) contacts(root).get("datesConfiguration")).put("deletedDateField", "x"));
        assertThat(keys(json)).containsExactly("event.poller.configuration.contacts.datesConfiguration.deletedDateField");
    }

    @Test
    void resourceOptionsOfTheWrongType() {
        String json = polling(root -> {
            contacts(root).put("pageSize", "lots");
            contacts(root).put("pollDelay", 2.5);
            contacts(root).put("filterByUpdatedDate", "maybe");
            contacts(root).put("paging", "cursor");
            contacts(root).put("idField", 12);
        });
        String prefix = "event.poller.configuration.contacts.";
        assertThat(keys(json)).containsExactlyInAnyOrder(prefix + "pageSize", prefix + "pollDelay",
                prefix + "filterByUpdatedDate", prefix + "paging", prefix + "idField");
        assertThat(problem(json, prefix + "pageSize").reason()).contains("'lots'");
        assertThat(problem(json, prefix + "paging").reason()).contains("'cursor'");
    }

    @Test
    void resourceOptionsOutOfRangeAreReportedUnderTheResourceKey() {
        String json = polling(root -> {
            contacts(root).put("pageSize", -1);
            contacts(root).put("paging", "OFFSET");
            contacts(root).put("backfillFrom", "yesterday");
        });
        String prefix = "event.poller.configuration.contacts.";
        assertThat(keys(json)).containsExactlyInAnyOrder(prefix + "pageSize", prefix + "backfillFrom");
    }

    @Test
    void resourceOptionsOfEveryKindAreMapped() {
        PollResource contacts = parse(polling(root -> {
            contacts(root).put("paging", "Offset");
            contacts(root).put("pageSize", 100);
            contacts(root).put("pollDelay", "30");
            contacts(root).put("filterByUpdatedDate", false);
            contacts(root).put("recordsField", "data.items");
            contacts(root).put("backfillFrom", "2026-01-01T00:00:00Z");
        })).events().resources().get(0);
        assertThat(contacts.options()).contains(entry("paging", "offset"), entry("pageSize", "100"),
                entry("pollDelay", "30"), entry("filterByUpdatedDate", "false"), entry("recordsField", "data.items"),
                entry("backfillFrom", "2026-01-01T00:00:00Z"));
    }

    @Test
    void unknownEventKey() {
        String json = polling(root -> configuration(root).put("event.notification.retries", 3));
        assertThat(keys(json)).containsExactly("event.notification.retries");
    }

    @Test
    void otherConfigurationKeysAreTheConnectorsAndAccepted() {
        InstanceDefinition instance = parse(polling(root -> configuration(root).put("oauth.scope", "crm.read")));
        assertThat(instance.configuration().get("oauth.scope").asText()).isEqualTo("crm.read");
    }

    @Test
    void notJsonAtAll() {
        for (String bad : new String[] { "this is not json", "{\"configuration\":", "", "{} {}" }) {
            assertThat(keys(bad)).as(bad).containsExactly("body");
        }
    }

    @Test
    void jsonThatIsNotAnObject() {
        assertThat(keys("[1,2,3]")).containsExactly("body");
        assertThat(keys("\"instance\"")).containsExactly("body");
    }

    @Test
    void configurationNotAnObject() {
        String json = polling(root -> root.put("configuration", "username=x"));
        assertThat(keys(json)).containsExactly("configuration");
    }

    @Test
    void missingConfiguration() {
        String json = polling(root -> root.remove("configuration"));
        assertThat(keys(json)).containsExactly("configuration");
    }

    @Test
    void tagsNotStrings() {
        String json = polling(root -> root.putArray("tags").add("ok").add(7).add(true));
        assertThat(keys(json)).containsExactly("tags[1]", "tags[2]");

        String notArray = polling(root -> root.put("tags", "crm-tag"));
        assertThat(keys(notArray)).containsExactly("tags");
    }

    @Test
    void pollerConfigurationNotAnObject() {
        String json = polling(root -> configuration(root).putArray("event.poller.configuration").add("contacts"));
        assertThat(keys(json)).containsExactly("event.poller.configuration");
        String resourceNotObject = polling(root -> ((ObjectNode) configuration(root).get("event.poller.configuration"))
                .put("accounts", "/hubs/crm/accounts"));
        assertThat(keys(resourceNotObject)).containsExactly("event.poller.configuration.accounts");
    }

    @Test
    void enabledNotABoolean() {
        String json = polling(root -> configuration(root).put("event.notification.enabled", "yes"));
        assertThat(keys(json)).contains("event.notification.enabled");
        assertThat(problem(json, "event.notification.enabled").reason()).contains("'yes'");
    }

    @Test
    void missingNameAndElementKey() {
        String json = polling(root -> {
            root.remove("name");
            root.remove("element");
        });
        assertThat(keys(json)).containsExactlyInAnyOrder("name", "element.key");
    }

    @Test
    void unknownTopLevelField() {
        String json = polling(root -> root.put("description", "x"));
        assertThat(keys(json)).containsExactly("description");
    }

    // ---------------------------------------------------------------- every problem at once

    @Test
    void everyProblemIsReportedAtOnce() {
        String json = polling(root -> {
            root.putArray("tags").add(1);
            ObjectNode configuration = configuration(root);
            configuration.remove("event.notification.callback.url");
            configuration.put("event.poller.refresh_interval", "<minutes>");
            configuration.put("event.bogus", "x");
            ObjectNode pollers = (ObjectNode) configuration.get("event.poller.configuration");
            ObjectNode contacts = (ObjectNode) pollers.get("contacts");
            ((ObjectNode) contacts.get("datesConfiguration")).put("updatedDateFormat", "yyyy-qq");
            contacts.put("pollEvery", 5);
            pollers.putObject("accounts").put("idField", "id");
            pollers.putObject("leads").put("url", "/hubs/crm/leads?since=${foo}")
                    .putObject("datesConfiguration").put("updatedDateField", "updated");
        });

        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(InvalidSettingsException.class,
                e -> assertThat(e.getProblems()).extracting(SettingProblem::key).containsExactlyInAnyOrder(
                        "tags[0]",
                        "event.bogus",
                        "event.notification.callback.url",
                        "event.poller.refresh_interval",
                        "event.poller.configuration.contacts.pollEvery",
                        "event.poller.configuration.contacts.datesConfiguration.updatedDateFormat",
                        "event.poller.configuration.accounts.url",
                        "event.poller.configuration.accounts.datesConfiguration.updatedDateField",
                        "event.poller.configuration.leads.url"));
    }

    @Test
    void everyProblemAtOnceWithAnUnknownVendorType() {
        String json = polling(root -> {
            ObjectNode configuration = configuration(root);
            configuration.put("event.vendor.type", "push");
            configuration.put("event.notification.callback.url", "not a url");
            configuration.put("event.poller.refresh_interval", -1);
            contacts(root).remove("url");
        });
        assertThat(keys(json)).containsExactlyInAnyOrder("event.vendor.type", "event.notification.callback.url",
                "event.poller.refresh_interval", "event.poller.configuration.contacts.url");
    }

    @Test
    void aResourceWithoutUrlStillHasItsOtherSettingsChecked() {
        // every problem at once: the missing url must not hide the bad date format of the same resource
        String json = polling(root -> {
            contacts(root).remove("url");
            ((ObjectNode) contacts(root).get("datesConfiguration")).put("updatedDateFormat", "yyyy-qq");
        });
        assertThat(keys(json)).containsExactlyInAnyOrder("event.poller.configuration.contacts.url",
                "event.poller.configuration.contacts.datesConfiguration.updatedDateFormat");
    }

    @Test
    void twoVendorAuthenticationsAreReportedUnderTheInstanceKeys() {
        String json = polling(root -> configuration(root).put("access.token", "tok-secret-999"));
        List<SettingProblem> problems = problems(json);
        assertThat(problems).extracting(SettingProblem::key).containsExactly("username / access.token / api.key");
        assertThat(problems.toString()).doesNotContain("tok-secret-999", "crm-password-123");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void badPasswordValueIsNotEchoed() {
        String json = polling(root -> configuration(root).put("password", 918273645));
        List<SettingProblem> problems = problems(json);
        assertThat(problems).extracting(SettingProblem::key).containsExactly("password");
        assertThat(problems.toString()).doesNotContain("918273645");
        assertThatThrownBy(() -> parse(json)).hasMessageNotContaining("918273645");
    }

    @Test
    void badSignatureKeyValueIsNotEchoed() {
        String json = polling(root -> configuration(root).put("event.notification.signature.key", 5_556_667));
        List<SettingProblem> problems = problems(json);
        assertThat(problems).extracting(SettingProblem::key).containsExactly("event.notification.signature.key");
        assertThat(problems.toString()).doesNotContain("5556667");
        assertThatThrownBy(() -> parse(json)).hasMessageNotContaining("5556667");
    }

    @Test
    void badTokenAndApiKeyValuesAreNotEchoed() {
        String json = polling(root -> {
            configuration(root).remove("username");
            configuration(root).remove("password");
            configuration(root).putObject("access.token").put("value", "tok-secret-999");
            configuration(root).putArray("api.key").add("apikey-secret-888");
        });
        List<SettingProblem> problems = problems(json);
        assertThat(problems).extracting(SettingProblem::key).containsExactlyInAnyOrder("access.token", "api.key");
        assertThat(problems.toString()).doesNotContain("tok-secret-999", "apikey-secret-888");
    }

    @Test
    void nonSecretBadValuesAreShown() {
        String json = polling(root -> configuration(root).put("base.url", 4242));
        assertThat(problem(json, "base.url").reason()).contains("4242");
    }

    @Test
    void secretInABodyThatIsNotJsonIsNotEchoed() {
        String json = SEED_WEBHOOK.replace("\"crm-password-123\"", "hunter2passwordvalue");
        List<SettingProblem> problems = problems(json);
        assertThat(problems).extracting(SettingProblem::key).containsExactly("body");
        assertThat(problems.toString()).doesNotContain("hunter2passwordvalue");
    }

    @Test
    void secretMaskerMasksSecretValuesAndKeepsTheRest() {
        Map<String, JsonNode> configuration = new LinkedHashMap<>();
        configuration.put("username", TextNode.valueOf("crm-user"));
        configuration.put("password", TextNode.valueOf("crm-password-123"));
        configuration.put("event.notification.signature.key", TextNode.valueOf("sig-key-456"));
        configuration.put("access.token", TextNode.valueOf("tok-1"));
        configuration.put("api.key", TextNode.valueOf("key-1"));
        configuration.put("api.key.header", TextNode.valueOf("X-API-Key"));
        configuration.put("event.notification.callback.url", TextNode.valueOf("http://mycoolapp.com"));
        configuration.put("event.poller.refresh_interval", IntNode.valueOf(15));
        configuration.put("event.notification.signature.previous.key", TextNode.valueOf("old-key-789"));
        configuration.put("event.notification.signature.previous.until", TextNode.valueOf("2027-01-15T00:00:00Z"));
        configuration.put("event.webhook.signature.key.format", TextNode.valueOf("standardWebhooks"));
        configuration.put("event.webhook.signature.timestamp.prefix", TextNode.valueOf("t="));

        Map<String, JsonNode> masked = SecretMasker.mask(configuration);

        assertThat(masked).containsExactly(
                entry("username", TextNode.valueOf("crm-user")),
                entry("password", TextNode.valueOf(SecretMasker.MASK)),
                entry("event.notification.signature.key", TextNode.valueOf(SecretMasker.MASK)),
                entry("access.token", TextNode.valueOf(SecretMasker.MASK)),
                entry("api.key", TextNode.valueOf(SecretMasker.MASK)),
                entry("api.key.header", TextNode.valueOf("X-API-Key")),
                entry("event.notification.callback.url", TextNode.valueOf("http://mycoolapp.com")),
                entry("event.poller.refresh_interval", IntNode.valueOf(15)),
                entry("event.notification.signature.previous.key", TextNode.valueOf(SecretMasker.MASK)),
                entry("event.notification.signature.previous.until", TextNode.valueOf("2027-01-15T00:00:00Z")),
                entry("event.webhook.signature.key.format", TextNode.valueOf("standardWebhooks")),
                entry("event.webhook.signature.timestamp.prefix", TextNode.valueOf("t=")));
        assertThat(SecretMasker.MASK).isEqualTo("********");
        // the input is left alone
        assertThat(configuration.get("password").asText()).isEqualTo("crm-password-123");
    }

    @Test
    void secretMaskerNamesTheKeysWhoseValueHoldsTheMaskAnywhereInside() throws Exception {
        JsonNode configuration = new ObjectMapper().readTree("""
                {"password": "********", "base.url": "https://crm.example/api?token=********", "username": "ann",
                 "event.poller.configuration": {"contacts": {"url": "/c?key=********"}}, "pageSize": 5,
                 "event.notification.callback.url": "https://app.example/events"}""");

        assertThat(SecretMasker.keysHoldingMask(configuration))
                .containsExactly("password", "base.url", "event.poller.configuration");
    }

    @Test
    void secretMaskerMasksKeysThatLookSecretAndQueryValuesNotKnownHarmless() {
        Map<String, JsonNode> configuration = new LinkedHashMap<>();
        for (String key : List.of("auth", "oauth.refresh", "pw", "user.pwd", "passphrase", "session.id", "client.cert", "my.key")) {
            configuration.put(key, TextNode.valueOf("s3cret"));
        }
        configuration.put("event.webhook.object.id.field", TextNode.valueOf("id"));
        configuration.put("pwrite", TextNode.valueOf("shown"));
        configuration.put("base.url", TextNode.valueOf("https://crm.example/api?auth=abc&pw=def&where=x%3D1&pageSize=5"));

        Map<String, JsonNode> masked = SecretMasker.mask(configuration);

        assertThat(masked).allSatisfy((key, value) -> {
            if (!key.equals("base.url") && !key.endsWith(".field") && !key.equals("pwrite")) {
                assertThat(value.asText()).as(key).isEqualTo(SecretMasker.MASK);
            }
        });
        assertThat(masked.get("event.webhook.object.id.field").asText()).isEqualTo("id");
        assertThat(masked.get("pwrite").asText()).isEqualTo("shown");
        assertThat(masked.get("base.url").asText())
                .isEqualTo("https://crm.example/api?auth=********&pw=********&where=x%3D1&pageSize=5");
    }

    @Test
    void secretMaskerOnAParsedInstance() {
        Map<String, JsonNode> masked = SecretMasker.mask(parse(SEED_POLLING).configuration());
        String shown = masked.toString();
        assertThat(shown).doesNotContain("crm-password-123", "sig-key-456").contains("crm-user", "http://mycoolapp.com");
        assertThat(masked.get("event.poller.configuration").path("contacts").path("idField").asText()).isEqualTo("id");
    }

    @Test
    void secretKeyNames() {
        assertThat(SecretMasker.isSecret("password")).isTrue();
        assertThat(SecretMasker.isSecret("oauth.api.secret")).isTrue();
        assertThat(SecretMasker.isSecret("OAUTH.CALLBACK.TOKEN")).isTrue();
        assertThat(SecretMasker.isSecret("username")).isFalse();
        assertThat(SecretMasker.isSecret("api.key.header")).isFalse();
        assertThat(SecretMasker.isSecret("event.notification.callback.url")).isFalse();
    }
}
