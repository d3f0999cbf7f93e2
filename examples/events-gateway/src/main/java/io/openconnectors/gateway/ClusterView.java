package io.openconnectors.gateway;

import java.sql.SQLException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /observe/cluster}: the nodes that share this gateway's database, their last heartbeat and what each runs.
 */
final class ClusterView {

    private final ClusterNodes nodes;
    private final InstanceService instances;
    private final boolean clustered;

    ClusterView(ClusterNodes nodes, InstanceService instances, boolean clustered) {
        this.nodes = nodes;
        this.instances = instances;
        this.clustered = clustered;
    }

    ObjectNode describe() throws SQLException {
        ObjectNode view = JsonNodeFactory.instance.objectNode()
                .put("node", nodes.nodeId())
                .put("polls", clustered ? "clustered: each resource once per interval, on any node" : "this node only")
                .put("instances", instances.list().size());
        ArrayNode list = view.putArray("nodes");
        for (ClusterNodes.Node node : nodes.list()) {
            ObjectNode entry = list.addObject()
                    .put("id", node.id())
                    .put("address", node.address())
                    .put("state", node.up() ? "UP" : "DOWN")
                    .put("startedAt", node.startedAt().toString())
                    .put("lastHeartbeat", node.lastHeartbeat().toString());
            if (node.pollsRun() != null) {
                entry.put("pollsRun", node.pollsRun());
                node.polling().forEach(entry.putArray("pollingNow")::add);
            }
        }
        return view;
    }
}
