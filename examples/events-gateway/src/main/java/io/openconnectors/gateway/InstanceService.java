package io.openconnectors.gateway;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.instance.InstanceDefinition;
import io.openconnectors.camel.instance.InstanceParser;
import io.openconnectors.camel.instance.InstanceRoutes;
import io.openconnectors.camel.instance.SecretMasker;
import io.openconnectors.camel.instance.VendorType;
import io.openconnectors.camel.webhook.WebhookConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances the gateway manages: checked, kept in the database, and running as event routes. Every node that shares
 * the database runs every instance; what one node changes, the others apply at their next {@link #sync}.
 */
final class InstanceService {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceService.class);
    private static final Set<String> PATCHABLE = Set.of("configuration", "name", "tags");
    private static final int DEFAULT_WEBHOOK_BODY = new WebhookConfiguration().getMaxBodySize();
    /** How often a PATCH or DELETE is tried again when another node changed the instance meanwhile. */
    private static final int CHANGED_MEANWHILE_ATTEMPTS = 3;
    /** The id of a poll route, as {@link InstanceRoutes} names it: the instance id and the resource name. */
    private static final Pattern POLL_ROUTE = Pattern.compile("openconnectors-(\\d{1,18})-poll-.+");

    private final CamelContext context;
    private final InstanceTable table;
    /** Polls scheduled once per interval across the nodes; {@code null} on a single node (Camel's own scheduler). */
    private final ClusteredPolls polls;
    /** URLs an API caller gives are checked against it on sight, for a 400 rather than failed deliveries. */
    private final EgressPolicy egress;
    private final InstanceRoutes routes;
    private final Clock clock;
    private final InstanceHealthChecks health;
    private final Map<Long, StoredInstance> instances = new ConcurrentSkipListMap<>();
    /** Why an instance's routes could not start when it came back after a restart, or came from another node. */
    private final Map<Long, String> broken = new ConcurrentHashMap<>();
    /** The revision of each instance this node runs, or last deleted: a change read again is not applied twice. */
    private final Map<Long, Long> revisions = new ConcurrentHashMap<>();
    /** Instances known to be deleted: no node polls them any more. */
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    /** Every change up to here has been applied. */
    private long lastRevision;
    /** The highest instance id this node has seen, deleted ones included. */
    private volatile long highestKnownId;

    InstanceService(CamelContext context, InstanceTable table, EgressPolicy egress, Clock clock, ClusteredPolls polls) {
        this.context = context;
        this.table = table;
        this.egress = egress;
        this.routes = new InstanceRoutes(context, this::connectorBaseUrl);
        this.clock = clock;
        this.health = new InstanceHealthChecks(this, clock);
        this.polls = polls;
        if (polls != null) {
            routes.setPollSchedulers(polls::schedulerFor);
        }
        health.setCamelContext(context);
        HealthCheckRegistry.get(context).register(health);
    }

    /**
     * Imports, once, the instances kept where an earlier set-up kept them, then brings back every instance of the
     * database, running; one that cannot start is kept, with why.
     */
    synchronized void restore(List<EarlierInstances> earlier) throws Exception {
        for (EarlierInstances source : earlier) {
            if (source.present()) {
                importAll(source);
            }
        }
        Map<String, StoredInstance> restored = new LinkedHashMap<>();
        Map<String, InstanceDefinition> definitions = new LinkedHashMap<>();
        for (InstanceTable.Change change : table.changesSince(lastRevision)) {
            lastRevision = change.revision();
            known(change.id(), change.revision());
            if (change.deleted()) {
                deleted.add(change.id());
            }
            StoredInstance instance = readable(change);
            if (instance != null) {
                instances.put(instance.id(), instance);
                health.add(instance.id());
                restored.put(instance.instanceId(), instance);
                definitions.put(instance.instanceId(), instance.definition());
            }
        }
        routes.addAll(definitions).forEach((instanceId, e) -> {
            broken.put(restored.get(instanceId).id(), e.getMessage());
            LOG.error("Instance {} is kept but its events do not run: {}", instanceId, e.getMessage());
        });
        LOG.info("{} instances restored from the database", instances.size());
    }

    private void importAll(EarlierInstances source) throws Exception {
        InstanceTable.Imported imported = table.importAll(source.loadAll(), source.lastId());
        List<Long> inDatabase = new ArrayList<>(imported.ids());
        inDatabase.addAll(imported.before());
        Optional<String> left = source.imported(inDatabase);
        if (!imported.ids().isEmpty()) {
            LOG.info("{} instances imported into the database from {}", imported.ids().size(), source.where());
        }
        if (!imported.taken().isEmpty()) {
            LOG.warn("Instances {} of {} were not imported: the database has other instances under their ids{}", imported.taken(),
                    source.where(), left.map(place -> " (they are in " + place + " now)").orElse(""));
        }
    }

    /**
     * Applies what other nodes created, changed and deleted since the last look: their routes start, change and stop
     * here too. One that cannot start here is kept, with why.
     */
    synchronized void sync() throws SQLException {
        for (InstanceTable.Change change : table.changesSince(lastRevision)) {
            lastRevision = change.revision();
            Long applied = known(change.id(), change.revision());
            if (applied == null || applied < change.revision()) {
                apply(change);
            }
        }
    }

    private void apply(InstanceTable.Change change) {
        StoredInstance current = instances.get(change.id());
        List<String> routesBefore = current == null ? List.of() : routes.routeIds(current.instanceId());
        if (change.deleted()) {
            deleted.add(change.id());
            if (current != null) {
                // as the node that deleted it did: idempotent, and whatever this node started meanwhile stops too
                removed(current, routesBefore);
            }
            return;
        }
        StoredInstance next = readable(change);
        if (next == null) {
            return;
        }
        instances.put(next.id(), next);
        try {
            if (current == null) {
                health.add(next.id());
                startRoutes(next.instanceId(), next.definition());
            } else {
                routes.replace(next.instanceId(), next.definition(), current.definition());
            }
            broken.remove(next.id());
        } catch (Exception e) {
            broken.put(change.id(), e.getMessage());
            LOG.error("Instance {}, as another node changed it, has no running events here: {}", change.id(), e.getMessage());
        }
        if (!next.definition().events().enabled()) {
            stopDeliveries(next, "events were switched off");
        }
        forgetPolls(gone(routesBefore, routes.routeIds(next.instanceId())));
    }

    /** The instance of a row, or {@code null} when this version of the gateway cannot read it (said once, here). */
    private StoredInstance readable(InstanceTable.Change change) {
        if (change.deleted()) {
            return null;
        }
        try {
            return change.instance();
        } catch (RuntimeException e) {
            LOG.error("Instance {} cannot be read by this version of the gateway, and does not run here: {}", change.id(),
                    e.getMessage());
            return null;
        }
    }

    synchronized StoredInstance create(ObjectNode body) throws Exception {
        InstanceDefinition definition = parse(body);
        Instant now = clock.instant();
        long[] started = new long[1];
        InstanceTable.Change created;
        try {
            // the id is given and the routes start in the transaction that stores the instance: a failure uses up no id
            created = table.create(id -> {
                StoredInstance instance = new StoredInstance(id, body, now, now, definition);
                startRoutes(instance.instanceId(), definition);
                started[0] = id;
                return instance;
            });
        } catch (Exception e) {
            if (started[0] != 0) {
                String instanceId = Long.toString(started[0]);
                List<String> routeIds = routes.routeIds(instanceId);
                routes.remove(instanceId);
                forgetPolls(routeIds);
            }
            throw e;
        }
        StoredInstance instance = new StoredInstance(created.id(), body, now, now, definition);
        known(instance.id(), created.revision());
        instances.put(instance.id(), instance);
        health.add(instance.id());
        return instance;
    }

    List<StoredInstance> list() {
        return List.copyOf(instances.values());
    }

    boolean exists(String id) {
        return find(id).isPresent();
    }

    /** The instance; one this node has not seen yet (made on another node within the last second) is looked up. */
    StoredInstance get(String id) {
        return find(id).or(() -> {
            try {
                sync();
            } catch (SQLException e) {
                LOG.debug("Cannot look instance {} up in the database: {}", id, e.getMessage());
            }
            return find(id);
        }).orElseThrow(() -> ApiException.notFound("instance " + id));
    }

    /**
     * Merges {@code configuration} keys (a null value removes the key) and replaces {@code name} and {@code tags}, then
     * applies the result live: the routes are rebuilt, the poll windows stay. A change another node made meanwhile is
     * read first, and the patch applied over it.
     */
    synchronized StoredInstance patch(String id, ObjectNode patch) throws Exception {
        for (Iterator<String> fields = patch.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!PATCHABLE.contains(field)) {
                throw new ApiException(400, "'" + field + "' cannot be changed; PATCH takes configuration, name and tags");
            }
        }
        JsonNode configuration = patch.get("configuration");
        if (configuration != null && !configuration.isObject()) {
            throw new ApiException(400, "configuration must be a JSON object of the keys to change");
        }
        refuseMaskedValues(configuration);
        for (int attempt = 1;; attempt++) {
            try {
                return patchOnce(get(id), patch);
            } catch (InstanceTable.ChangedMeanwhileException e) {
                sync();
                if (attempt == CHANGED_MEANWHILE_ATTEMPTS) {
                    throw new ApiException(409, e.getMessage() + ", again and again; send the PATCH again");
                }
            }
        }
    }

    /** A value copied back from an answer, mask and all, would put the mask where the secret was. */
    private static void refuseMaskedValues(JsonNode configuration) {
        List<SettingProblem> problems = configuration == null ? List.of() : SecretMasker.keysHoldingMask(configuration)
                .stream().map(key -> new SettingProblem(key, "holds " + SecretMasker.MASK
                        + ", which answers show in place of a secret; send the whole value itself")).toList();
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid instance", problems);
        }
    }

    private StoredInstance patchOnce(StoredInstance current, ObjectNode patch) throws Exception {
        ObjectNode body = current.body().deepCopy();
        JsonNode configuration = patch.get("configuration");
        if (configuration != null) {
            ObjectNode merged = body.with("configuration");
            configuration.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    merged.remove(e.getKey());
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            });
        }
        if (patch.has("name")) {
            body.set("name", patch.get("name"));
        }
        if (patch.has("tags")) {
            body.set("tags", patch.get("tags"));
        }
        InstanceDefinition definition = parse(body);
        List<String> routesBefore = routes.routeIds(current.instanceId());
        try {
            routes.replace(current.instanceId(), definition, current.definition());
        } catch (Exception e) {
            for (Throwable restore : e.getSuppressed()) {
                broken.put(current.id(), restore.getMessage());
                LOG.error("Instance {} has no running events: {}", current.id(), restore.getMessage());
            }
            if (e instanceof InvalidSettingsException invalid) {
                throw new ApiException(400, "invalid instance", invalid.getProblems());
            }
            throw e;
        }
        StoredInstance updated = new StoredInstance(current.id(), body, current.created(), clock.instant(), definition);
        InstanceTable.Change change;
        try {
            change = table.update(updated, revisions.get(current.id()));
        } catch (Exception e) {
            // this node runs what the database holds, as the others do
            List<String> routesTried = routes.routeIds(current.instanceId());
            try {
                routes.replace(current.instanceId(), current.definition(), definition);
            } catch (Exception restore) {
                broken.put(current.id(), restore.getMessage());
                LOG.error("Instance {} has no running events: {}", current.id(), restore.getMessage());
            }
            forgetPolls(gone(routesTried, routes.routeIds(current.instanceId())));
            throw e;
        }
        known(updated.id(), change.revision());
        if (!definition.events().enabled()) {
            stopDeliveries(current, "events were switched off");
        }
        forgetPolls(gone(routesBefore, routes.routeIds(current.instanceId())));
        instances.put(updated.id(), updated);
        broken.remove(updated.id());
        return updated;
    }

    synchronized void delete(String id) throws Exception {
        for (int attempt = 1;; attempt++) {
            StoredInstance instance = get(id);
            InstanceTable.Change change;
            try {
                // the database first: if it fails, nothing changed
                change = table.delete(instance.id(), revisions.get(instance.id()), clock.instant());
            } catch (InstanceTable.ChangedMeanwhileException e) {
                sync();
                if (attempt == CHANGED_MEANWHILE_ATTEMPTS) {
                    throw new ApiException(409, e.getMessage() + ", again and again; send the DELETE again");
                }
                continue;
            }
            known(instance.id(), change.revision());
            deleted.add(instance.id());
            removed(instance, routes.routeIds(instance.instanceId()));
            return;
        }
    }

    /**
     * What a deleted instance leaves behind on this node goes, whatever fails on the way: it is deleted in the database,
     * and a change already applied is not applied again.
     */
    private void removed(StoredInstance instance, List<String> routeIds) {
        forget(instance.id());
        forgetPolls(routeIds);
        try {
            routes.remove(instance.instanceId());
            stopDeliveries(instance, "the instance was deleted");
        } catch (Exception e) {
            LOG.error("Instance {} was deleted; stopping its events here failed: {}", instance.id(), e.getMessage());
        }
    }

    private void forget(long id) {
        instances.remove(id);
        broken.remove(id);
        health.remove(id);
    }

    /** The routes of {@code before} that are not in {@code after}. */
    private static List<String> gone(List<String> before, List<String> after) {
        List<String> gone = new ArrayList<>(before);
        gone.removeAll(after);
        return gone;
    }

    /** Poll routes no node runs any more: their clustered triggers go. */
    private void forgetPolls(List<String> routeIds) {
        if (polls != null && !routeIds.isEmpty()) {
            polls.forget(routeIds);
        }
    }

    /**
     * Whether a poll route may still be one of an instance's: {@code false} once its instance is known to be deleted.
     * What this node knows of a live instance may be a second old (a resource just added elsewhere); the triggers of
     * resources removed from a live instance are deleted by the node that removes them.
     */
    boolean wantsPollRoute(String routeId) {
        Matcher route = POLL_ROUTE.matcher(routeId);
        return route.matches() && !deleted.contains(Long.parseLong(route.group(1)));
    }

    /**
     * Queues what is still pending for the instance, and what a delivery under way records later: nobody delivers it any
     * more. Redelivery brings it back once the instance delivers again.
     */
    private void stopDeliveries(StoredInstance instance, String reason) {
        int queued = routes.retire(instance.instanceId(), reason);
        if (queued > 0) {
            LOG.info("Instance {}: {} pending notifications queued ({})", instance.id(), queued, reason);
        }
    }

    /** Polls every resource of a polling instance now. */
    void pollNow(String id) {
        StoredInstance instance = get(id);
        InstanceDefinition definition = instance.definition();
        if (!definition.events().enabled() || definition.events().vendorType() != VendorType.POLLING) {
            throw new ApiException(409, "instance " + id + " has no polling events to run");
        }
        if (polls != null) {
            polls.pollNow(routes.routeIds(instance.instanceId())); // on one node at a time, as scheduled polls
        } else {
            routes.pollNow(instance.instanceId());
        }
    }

    /**
     * What the request guard needs of a webhook instance, without a lookup of the store: whether its route runs, and
     * its body limit; {@code null} when the id is no webhook instance with events on.
     */
    RequestGuard.WebhookTarget webhookTarget(long id) {
        StoredInstance instance = instances.get(id);
        if (instance == null && id > highestKnownId) {
            // created on another node within the last second, most likely: a vendor that got 404 might give up
            return new RequestGuard.WebhookTarget(false, DEFAULT_WEBHOOK_BODY);
        }
        if (instance == null || !instance.definition().events().enabled()
            || instance.definition().events().vendorType() == VendorType.POLLING) {
            return null;
        }
        boolean running = !broken.containsKey(id) && routes.running(instance.instanceId());
        String maxBodySize = instance.definition().events().webhookOptions().get("maxBodySize");
        return new RequestGuard.WebhookTarget(running, maxBodySize == null ? DEFAULT_WEBHOOK_BODY : Integer.parseInt(maxBodySize));
    }

    /** Notes the revision of an instance this node runs or deleted; the revision it had noted before, if any. */
    private Long known(long id, long revision) {
        highestKnownId = Math.max(highestKnownId, id);
        return revisions.put(id, revision);
    }

    /** The ids of an instance's running routes; empty when events are off. */
    List<String> routeIds(StoredInstance instance) {
        return routes.routeIds(instance.instanceId());
    }

    /** How each of an instance's routes is doing; empty when events are off. */
    List<InstanceRoutes.RouteHealth> routeHealth(StoredInstance instance) {
        return routes.health(instance.instanceId());
    }

    /** When the instance's resources were last polled, on any node; empty before the first or when it does not poll. */
    Optional<Instant> lastPoll(StoredInstance instance) {
        return routes.lastPoll(instance.instanceId());
    }

    /** The instance's health, as its check in {@code /observe/health} sees it now. */
    HealthCheck.Result health(StoredInstance instance) {
        return health.current(instance.id());
    }

    /** Why the instance's routes did not start after a restart, if they did not. */
    Optional<String> brokenReason(StoredInstance instance) {
        return Optional.ofNullable(broken.get(instance.id()));
    }

    private Optional<StoredInstance> find(String id) {
        try {
            return Optional.ofNullable(instances.get(Long.parseLong(id)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private InstanceDefinition parse(JsonNode body) {
        try {
            return InstanceParser.parse(body, egress);
        } catch (InvalidSettingsException e) {
            throw new ApiException(400, "invalid instance", e.getProblems());
        }
    }

    private void startRoutes(String instanceId, InstanceDefinition definition) throws Exception {
        try {
            routes.add(instanceId, definition);
        } catch (InvalidSettingsException e) {
            throw new ApiException(400, "invalid instance", e.getProblems());
        }
    }

    /** A connector's base URL, for relative poller URLs: {@code openconnectors.connector.<key>.base-url}. */
    private Optional<String> connectorBaseUrl(String elementKey) {
        return context.getPropertiesComponent().resolveProperty("openconnectors.connector." + elementKey + ".base-url");
    }
}
