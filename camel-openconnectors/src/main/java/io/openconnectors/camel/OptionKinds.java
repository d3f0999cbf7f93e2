package io.openconnectors.camel;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.openconnectors.camel.callback.CallbackConfiguration;
import io.openconnectors.camel.poll.PollConfiguration;
import io.openconnectors.camel.webhook.WebhookConfiguration;

/**
 * Which endpoint kind each kind-specific option belongs to: the options of {@link PollConfiguration},
 * {@link WebhookConfiguration} and {@link CallbackConfiguration}. One endpoint class serves three kinds, so Camel would
 * accept {@code openconnectors:callback:x?pageSize=5} and ignore it; this tells the user instead.
 */
final class OptionKinds {

    private static final Map<EndpointKind, Set<String>> OWN = new EnumMap<>(Map.of(
            EndpointKind.poll, options(PollConfiguration.class),
            EndpointKind.webhook, options(WebhookConfiguration.class),
            EndpointKind.callback, options(CallbackConfiguration.class)));

    private OptionKinds() {
    }

    /** A problem for each of {@code options} that belongs to another kind than {@code kind}. */
    static List<SettingProblem> misplaced(EndpointKind kind, Collection<String> options) {
        List<SettingProblem> problems = new ArrayList<>();
        for (String option : new TreeSet<>(options)) {
            OWN.forEach((owner, names) -> {
                if (owner != kind && !OWN.get(kind).contains(option) && names.contains(option)) {
                    problems.add(new SettingProblem(option, "is an option of openconnectors:" + owner
                                                            + ", not of openconnectors:" + kind));
                }
            });
        }
        return problems;
    }

    /** The options a configuration class takes: its public setters, named as Camel names them. */
    private static Set<String> options(Class<?> configuration) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(configuration.getMethods())
                .filter(m -> m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1)
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .forEach(name -> names.add(Introspector.decapitalize(name.substring(3))));
        return Set.copyOf(names);
    }
}
