package io.openconnectors.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the option tables of {@code docs/component.md} equal to the catalog the build generates from the endpoint's
 * Javadoc. When an option changes, regenerate them with
 * {@code mvn -pl camel-openconnectors test -Dtest=ComponentDocsTest -Ddocs.update=true}.
 */
class ComponentDocsTest {

    private static final Path DOC = Path.of("..", "docs", "component.md");
    private static final String START = "<!-- options: START (generated from the catalog, see ComponentDocsTest) -->";
    private static final String END = "<!-- options: END -->";

    @Test
    void theComponentPageListsEveryOptionOfTheCatalog() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertThat(start).as("the options markers in " + DOC).isNotNegative();
        assertThat(end).isGreaterThan(start);
        String expected = START + "\n" + tables(catalog()) + END;
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOC, doc.substring(0, start) + expected + doc.substring(end + END.length()));
            return;
        }
        assertThat(doc.substring(start, end + END.length()))
                .as("the option tables of %s; regenerate them with -Ddocs.update=true", DOC).isEqualTo(expected);
    }

    private static JsonNode catalog() throws IOException {
        try (InputStream in = ComponentDocsTest.class.getResourceAsStream("/META-INF/io/openconnectors/camel/openconnectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String tables(JsonNode catalog) {
        StringBuilder out = new StringBuilder("\n### Component options\n\n"
                                              + "Set them as `camel.component.openconnectors.<option>` in Camel Main or Spring Boot.\n\n"
                                              + "| Option | Default | Type | Description |\n|---|---|---|---|\n");
        catalog.get("componentProperties").properties().forEach(e -> out.append(row(e.getKey(), e.getValue())));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        catalog.get("properties").properties().forEach(e -> groups
                .computeIfAbsent(e.getValue().path("group").asText(), g -> new ArrayList<>())
                .add(row(e.getKey(), e.getValue())));
        groups.forEach((group, rows) -> {
            out.append("\n### Endpoint options: ").append(group).append("\n\n")
                    .append("| Option | Default | Type | Description |\n|---|---|---|---|\n");
            rows.forEach(out::append);
        });
        return out.append('\n').toString();
    }

    private static String row(String name, JsonNode option) {
        String defaultValue = option.has("defaultValue") ? "`" + option.get("defaultValue").asText() + "`" : "";
        if ("delay".equals(name)) {
            defaultValue = "`" + OpenConnectorsEndpoint.DEFAULT_POLL_DELAY_MILLIS + "` (the scheduler's own is 500)";
        }
        String type = option.path("type").asText();
        if (option.has("enum")) {
            List<String> values = new ArrayList<>();
            option.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            type = String.join(", ", values);
        }
        String description = option.path("description").asText().replace("|", "\\|").replace("\n", " ");
        if (option.path("secret").asBoolean()) {
            description += " Secret: masked in logs.";
        }
        return "| `" + name + "` | " + defaultValue + " | " + type + " | " + description + " |\n";
    }
}
