package io.openconnectors.camel.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire form written in two pieces (the message without its raw record, then the raw) is byte for byte what the
 * whole envelope written at once gives, and the raw lies where it says.
 */
class NotificationJsonTest {

    /** The envelope written at once, as the callback producer wrote it before the raw was written apart. */
    private static final ObjectMapper WHOLE = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static List<JsonNode> raws() throws Exception {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode vendor = json.objectNode();
        vendor.put("text", "caf\u00e9 \"quoted\" \\ back\u2028slash \uD83D\uDE00 </script>").put("n", 1.50).put("big", 12345678901234L)
                .putNull("nothing").putArray("items").add(json.objectNode().put("id", "c-1")).add(true);
        return Arrays.asList(null, json.nullNode(), json.objectNode(), vendor, json.arrayNode().add(1).add("x"),
                json.textNode("plain"), json.numberNode(42), new ObjectMapper().readTree("{\"raw\":{\"raw\":\"}}\"}}"));
    }

    @ParameterizedTest
    @MethodSource("raws")
    void theBytesAreThoseOfTheWholeEnvelopeAndTheRawLiesWhereItSays(JsonNode raw) throws Exception {
        for (List<ChangeEvent> events : List.of(List.<ChangeEvent>of(), List.of(ChangeEvent.of(EventType.CREATED, "c-1",
                "contacts", "crm", Instant.parse("2026-11-28T07:00:00Z"))))) {
            EventNotification notification = new EventNotification("n-1", "i-1", "CRM \u00e9", "crm", events, raw);

            NotificationJson.Serialised written = NotificationJson.serialise(notification);

            assertThat(written.bytes()).isEqualTo(WHOLE.writeValueAsBytes(Map.of("message", notification)))
                    .isEqualTo(NotificationJson.toBytes(notification));
            byte[] rawBytes = Arrays.copyOfRange(written.bytes(), written.rawOffset(), written.rawOffset() + written.rawLength());
            assertThat(rawBytes).isEqualTo(raw == null ? new byte[0] : WHOLE.writeValueAsBytes(raw));
            assertThat(NotificationJson.fromBytes(written.bytes())).isEqualTo(notification);
        }
    }
}
