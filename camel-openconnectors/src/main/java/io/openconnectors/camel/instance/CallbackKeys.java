package io.openconnectors.camel.instance;

import java.util.List;
import java.util.Optional;

import io.openconnectors.camel.callback.CallbackConfiguration;
import io.openconnectors.camel.callback.SignatureStyle;

import static io.openconnectors.camel.instance.ConfigKey.bool;
import static io.openconnectors.camel.instance.ConfigKey.choice;
import static io.openconnectors.camel.instance.ConfigKey.text;

/**
 * The {@code event.notification.*} keys beyond the callback URL and the signature key, each with the
 * {@code openconnectors:callback} option it sets: the style of the callback's signature, the previous key during a
 * rotation, and whether notifications go in order.
 */
final class CallbackKeys {

    static final String PREFIX = "event.notification.signature.";

    static final List<ConfigKey<CallbackConfiguration>> KEYS = List.of(
            choice(PREFIX + "style", "signatureStyle", SignatureStyle.class, CallbackConfiguration::setSignatureStyle),
            text(PREFIX + "previous.key", "signaturePreviousSecret", CallbackConfiguration::setSignaturePreviousSecret),
            text(PREFIX + "previous.until", "signaturePreviousUntil", CallbackConfiguration::setSignaturePreviousUntil),
            bool("event.notification.ordered", "ordered", CallbackConfiguration::setOrdered));

    private CallbackKeys() {
    }

    static Optional<ConfigKey<CallbackConfiguration>> byOption(String option) {
        return KEYS.stream().filter(k -> k.option().equals(option)).findFirst();
    }
}
