package io.openconnectors.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Instances that earlier versions kept in the data folder, one JSON file each ({@code instances/<id>.json}, the last id
 * given in {@code instances/last-id}): read once, to be imported into the database, then deleted.
 */
final class InstanceFiles implements EarlierInstances {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path folder;
    private final Path notImported;

    InstanceFiles(Path dataDir) {
        this.folder = dataDir.resolve("instances");
        this.notImported = dataDir.resolve("instances.not-imported");
    }

    @Override
    public boolean present() {
        return Files.isDirectory(folder);
    }

    @Override
    public String where() {
        return "the instance files in " + folder;
    }

    @Override
    public long lastId() throws IOException {
        Path counter = folder.resolve("last-id");
        return Files.exists(counter) ? Long.parseLong(Files.readString(counter).trim()) : 0;
    }

    @Override
    public List<StoredInstance> loadAll() throws IOException {
        List<StoredInstance> instances = new ArrayList<>();
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

    /**
     * Deletes the files of the instances imported, and the folder with them: they hold credentials the database keeps
     * now. Files not imported move to {@code instances.not-imported}.
     */
    @Override
    public Optional<String> imported(List<Long> ids) throws IOException {
        for (long id : ids) {
            Files.deleteIfExists(folder.resolve(id + ".json"));
        }
        Files.deleteIfExists(folder.resolve("last-id"));
        try (Stream<Path> left = Files.list(folder)) {
            if (left.findAny().isEmpty()) {
                Files.delete(folder);
                return Optional.empty();
            }
        }
        Path target = notImported;
        for (int n = 2; Files.exists(target); n++) {
            target = notImported.resolveSibling("instances.not-imported." + n);
        }
        return Optional.of(Files.move(folder, target).toString());
    }
}
