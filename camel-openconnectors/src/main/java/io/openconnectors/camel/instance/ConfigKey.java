package io.openconnectors.camel.instance;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

/**
 * One key of an instance's configuration that sets an endpoint option: where it sits, what type its value has, the
 * option it becomes, and how that option is set on a configuration bean (to check it the way the endpoint will).
 *
 * @param <T>     the configuration bean
 * @param path    the key, relative to where it is read
 * @param choices the allowed values of a {@link ValueType#CHOICE}, empty otherwise
 */
record ConfigKey<T>(String path, ValueType type, String option, List<String> choices, BiConsumer<T, String> setter) {

    enum ValueType {
        TEXT,
        INTEGER,
        BOOLEAN,
        CHOICE
    }

    static <T> ConfigKey<T> text(String path, String option, BiConsumer<T, String> setter) {
        return new ConfigKey<>(path, ValueType.TEXT, option, List.of(), setter);
    }

    static <T> ConfigKey<T> integer(String path, String option, ObjIntConsumer<T> setter) {
        return new ConfigKey<>(path, ValueType.INTEGER, option, List.of(), (c, v) -> setter.accept(c, Integer.parseInt(v)));
    }

    static <T> ConfigKey<T> bool(String path, String option, BiConsumer<T, Boolean> setter) {
        return new ConfigKey<>(path, ValueType.BOOLEAN, option, List.of(), (c, v) -> setter.accept(c, Boolean.valueOf(v)));
    }

    static <T, E extends Enum<E>> ConfigKey<T> choice(String path, String option, Class<E> type, BiConsumer<T, E> setter) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        return new ConfigKey<>(path, ValueType.CHOICE, option, names, (c, v) -> setter.accept(c, Enum.valueOf(type, v)));
    }

    /** Sets this key's option on a configuration bean. */
    void apply(T configuration, String value) {
        setter.accept(configuration, value);
    }
}
