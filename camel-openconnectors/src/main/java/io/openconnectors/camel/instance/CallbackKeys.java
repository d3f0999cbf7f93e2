package io.openconnectors.camel.instance;

import java.util.List;
import java.util.Optional;

import io.openconnectors.camel.callback.CallbackConfiguration;
import io.openconnectors.camel.callback.SignatureStyle;

import static io.openconnectors.camel.instance.ConfigKey.choice;
import static io.openconnectors.camel.instance.ConfigKey.text;

/**
 * The {@code event.notification.signature.*} keys beyond the key itself, each with the {@code openconnectors:callback}
 * option it sets: the style of the callback's signature, and the previous key during a rotation.
 */
final class CallbackKeys {

    static final String PREFIX = "event.notification.signature.";

    static final List<ConfigKey<CallbackConfiguration>> KEYS = List.of(
            choice(PREFIX + "style", "signatureStyle", SignatureStyle.class, CallbackConfiguration::setSignatureStyle),
            text(PREFIX + "previous.key", "signaturePreviousSecret", CallbackConfiguration::setSignaturePreviousSecret),
            text(PREFIX + "previous.until", "signaturePreviousUntil", CallbackConfiguration::setSignaturePreviousUntil));

    private CallbackKeys() {
    }

    static Optional<ConfigKey<CallbackConfiguration>> byOption(String option) {
        return KEYS.stream().filter(k -> k.option().equals(option)).findFirst();
    }
}
