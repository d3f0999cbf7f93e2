package io.openconnectors.camel.callback;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The callback endpoints running here, by name (stored notifications remember the name only), and the names whose
 * callback answered 410 Gone here. Several routes may use one callback endpoint: each registers its sender.
 */
final class CallbackSenders {

    private final Map<String, List<CallbackSender>> byName = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    /**
     * @throws IllegalStateException when another callback endpoint of that name delivers elsewhere
     */
    void register(String name, CallbackSender sender) {
        byName.compute(name, (n, registered) -> {
            List<CallbackSender> list = registered == null ? new CopyOnWriteArrayList<>() : registered;
            if (!list.isEmpty() && !list.get(0).sameTarget(sender)) {
                throw new IllegalStateException("Two callback endpoints are named '" + name + "' with different callback "
                                                + "URLs or keys; give each callback its own name");
            }
            list.add(sender);
            return list;
        });
        gone.remove(name);
    }

    void unregister(String name, CallbackSender sender) {
        byName.computeIfPresent(name, (n, list) -> {
            list.remove(sender);
            return list.isEmpty() ? null : list;
        });
    }

    /** The sender that delivers for {@code name} here, or {@code null} when no endpoint of that name runs here. */
    CallbackSender named(String name) {
        List<CallbackSender> registered = byName.get(name);
        return registered == null || registered.isEmpty() ? null : registered.get(0);
    }

    /** Each running name with its sender. */
    void forEach(BiConsumer<String, CallbackSender> action) {
        byName.forEach((name, registered) -> {
            if (!registered.isEmpty()) {
                action.accept(name, registered.get(0));
            }
        });
    }

    void markGone(String name) {
        gone.add(name);
    }

    boolean isGone(String name) {
        return gone.contains(name);
    }

    /** Notifications were redelivered: every callback may receive again. */
    void forgetGone() {
        gone.clear();
    }
}
