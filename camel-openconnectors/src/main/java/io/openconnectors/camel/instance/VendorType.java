package io.openconnectors.camel.instance;

import java.util.Locale;

/**
 * How an instance's events arise: {@code event.vendor.type}.
 */
public enum VendorType {
    /** The component polls the vendor's API ({@code polling}). */
    POLLING,
    /** The vendor posts webhooks ({@code webhook} or {@code webhooks}: the original docs use both). */
    WEBHOOK;

    /** {@code null} when the text is none of polling, webhook, webhooks. */
    static VendorType parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "polling" -> POLLING;
            case "webhook", "webhooks" -> WEBHOOK;
            default -> null;
        };
    }
}
