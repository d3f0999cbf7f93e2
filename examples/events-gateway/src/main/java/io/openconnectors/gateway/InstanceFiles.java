package io.openconnectors.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps instances in the data folder, one JSON file each ({@code instances/<id>.json}), written atomically and
 * readable by the owner only: they hold the vendor credentials the gateway needs after a restart.
 */
final class InstanceFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path folder;
    private final Path counter;

    InstanceFiles(Path dataDir) {
        this.folder = dataDir.resolve("instances");
        this.counter = dataDir.resolve("instances").resolve("last-id");
    }

    /** The id the next instance gets: never given before (also not after a delete); taken by {@link #takeId}. */
    synchronized long nextId() throws IOException {
        long last = Files.exists(counter) ? Long.parseLong(Files.readString(counter).trim()) : 0;
        return last + 1;
    }

    /** Marks {@code id} as given, once its instance is saved: a create that fails uses up no id. */
    synchronized void takeId(long id) throws IOException {
        PrivateFiles.write(counter, Long.toString(id).getBytes(StandardCharsets.UTF_8));
    }

    void save(StoredInstance instance) throws IOException {
        ObjectNode file = MAPPER.createObjectNode()
                .put("id", instance.id())
                .put("createdDate", instance.created().toString())
                .put("updatedDate", instance.updated().toString());
        file.set("instance", instance.body());
        PrivateFiles.write(path(instance.id()), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
    }

    void delete(long id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    /** Every kept instance, oldest first. */
    List<StoredInstance> loadAll() throws IOException {
        List<StoredInstance> instances = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return instances;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d+\\.json")).toList()) {
                ObjectNode json = (ObjectNode) MAPPER.readTree(file.toFile());
                instances.add(new StoredInstance(json.get("id").asLong(), (ObjectNode) json.get("instance"),
                        Instant.parse(json.get("createdDate").asText()), Instant.parse(json.get("updatedDate").asText())));
            }
        }
        instances.sort(Comparator.comparingLong(StoredInstance::id));
        return instances;
    }

    private Path path(long id) {
        return folder.resolve(id + ".json");
    }
}
