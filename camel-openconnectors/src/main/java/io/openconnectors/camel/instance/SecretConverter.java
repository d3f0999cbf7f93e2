package io.openconnectors.camel.instance;

import org.apache.camel.Converter;

/**
 * Lets a {@link Secret} bean fill a String endpoint option ({@code password=#bean:password}).
 */
@Converter(generateLoader = true)
public final class SecretConverter {

    private SecretConverter() {
    }

    @Converter
    public static String toText(Secret secret) {
        return secret.reveal();
    }
}
