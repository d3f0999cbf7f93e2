package io.openconnectors.camel.instance;

import java.util.Objects;

/**
 * A credential on its way from an instance to an endpoint option. Routes built from instances bind secrets as
 * route-local beans of this type instead of writing them into endpoint URIs or template parameters, which Camel logs
 * in clear at DEBUG level. Its {@link #toString()} never shows the value; a type converter hands the value to the
 * String option.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return SecretMasker.MASK;
    }
}
