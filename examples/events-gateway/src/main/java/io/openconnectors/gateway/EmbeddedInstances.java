package io.openconnectors.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.openconnectors.camel.store.JdbcEventStore;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The instances of a single node that joins a cluster: kept in the embedded H2 database of its data folder until it was
 * pointed at PostgreSQL. The H2 file stays as it is, with the notifications it holds; an instance imported before is not
 * imported again (its id is taken), nor one deleted in the cluster since.
 */
final class EmbeddedInstances implements EarlierInstances {

    private final Path file;
    private final JdbcDataSource h2 = new JdbcDataSource();

    EmbeddedInstances(Path dataDir) {
        Path database = dataDir.resolve("events");
        this.file = dataDir.resolve("events.mv.db");
        // IFEXISTS: only read a database that is there
        h2.setURL(JdbcEventStore.h2FileUrl(database) + ";IFEXISTS=TRUE");
    }

    @Override
    public boolean present() {
        return Files.exists(file);
    }

    @Override
    public String where() {
        return "the embedded database " + file;
    }

    @Override
    public List<StoredInstance> loadAll() throws Exception {
        if (!hasInstances()) {
            return List.of();
        }
        List<StoredInstance> instances = new ArrayList<>();
        for (InstanceTable.Change change : new InstanceTable(h2).changesSince(0)) {
            if (!change.deleted()) {
                instances.add(change.instance());
            }
        }
        return instances;
    }

    @Override
    public long lastId() throws Exception {
        return hasInstances() ? new InstanceTable(h2).lastId() : 0;
    }

    /** The file stays as it is. */
    @Override
    public Optional<String> imported(List<Long> ids) {
        return Optional.empty();
    }

    /** Whether the file is of a version that kept instances in it (earlier ones kept them as files). */
    private boolean hasInstances() throws Exception {
        try (Connection connection = h2.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "oc_instance", null)) {
            return tables.next();
        }
    }
}
