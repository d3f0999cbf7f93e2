package io.openconnectors.camel.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as RFC 3986 has it, in one place: a component (a query value, a path segment) keeps only the
 * unreserved characters; URI text keeps what a URI may hold and the escapes already in it.
 */
public final class UrlEncoding {

    private UrlEncoding() {
    }

    /** A query parameter's name or value, or one path segment: everything but {@code A-Z a-z 0-9 - . _ ~} escaped. */
    public static String component(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
            int b = raw & 0xff;
            if (isUnreserved(b)) {
                out.append((char) b);
            } else {
                appendEscape(out, b);
            }
        }
        return out.toString();
    }

    /** Text that is already (part of) a URI: what a URI may not hold, such as a space or {@code >}, is escaped. */
    public static String uriText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (isUnreserved(b) || isReserved(b) || escape) {
                out.append((char) b);
            } else {
                appendEscape(out, b);
            }
        }
        return out.toString();
    }

    /** Whether {@code url} starts with {@code http://} or {@code https://}, in any case. */
    public static boolean isAbsoluteHttp(String url) {
        return url != null && (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8));
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
               || c == '~';
    }

    private static boolean isReserved(int c) {
        return ":/?#[]@!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
