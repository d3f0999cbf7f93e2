package io.openconnectors.camel.poll;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.openconnectors.camel.http.UrlEncoding;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.DatePattern;

/**
 * A poller URL with date macros, compiled once and expanded at every poll with the start of the window.
 * <p>
 * Macros: {@code ${gmtDate:FMT}}, {@code ${date:FMT}} (both in GMT), {@code ${dateTimeZone:ZONE:FMT}}, bare
 * {@code ${date}} (ISO-8601 in GMT, to the second), {@code ${epoch}}, {@code ${epoch:ms}} and {@code ${milliseconds}}
 * (epoch milliseconds), {@code ${epoch:s}} (seconds) and {@code ${epoch:us}} (microseconds). FMT is a Java date
 * pattern and may hold quoted literals, such as {@code yyyy-MM-dd'T'HH:mm:ss'Z'}.
 * <p>
 * The result is a valid URI: a macro's value is percent-encoded whole, and characters a URI may not hold in the rest
 * of the template (such as {@code >} or a space) are percent-encoded, so the vendor decodes exactly what the user
 * wrote. Escapes the user already wrote ({@code %3E}) are kept as they are.
 */
public final class UrlTemplate {

    private static final String ISO_SECONDS = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private final String source;
    private final List<Function<Instant, String>> parts;

    private UrlTemplate(String source, List<Function<Instant, String>> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * @param  template                 the URL as configured, absolute or relative
     * @param  baseUrl                  what a relative URL is resolved against, may be {@code null} for absolute URLs
     * @throws IllegalArgumentException naming the macro or the problem when the template cannot be compiled
     */
    public static UrlTemplate compile(String template, String baseUrl) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the URL is empty");
        }
        String absolute = resolve(template.trim(), baseUrl);
        List<Function<Instant, String>> parts = new ArrayList<>();
        int at = 0;
        while (at < absolute.length()) {
            int open = absolute.indexOf("${", at);
            if (open < 0) {
                parts.add(literal(absolute.substring(at)));
                break;
            }
            if (open > at) {
                parts.add(literal(absolute.substring(at, open)));
            }
            int close = closingBrace(absolute, open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("the macro starting at '" + absolute.substring(open) + "' has no closing }");
            }
            Function<Instant, String> macro = macro(absolute.substring(open + 2, close));
            parts.add(instant -> UrlEncoding.component(macro.apply(instant)));
            at = close + 1;
        }
        return new UrlTemplate(template, List.copyOf(parts));
    }

    /** The URL to request for a window that starts at {@code since}. */
    public String expand(Instant since) {
        StringBuilder url = new StringBuilder(source.length() + 32);
        for (Function<Instant, String> part : parts) {
            url.append(part.apply(since));
        }
        return url.toString();
    }

    private static String resolve(String template, String baseUrl) {
        if (UrlEncoding.isAbsoluteHttp(template)) {
            return template;
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("'" + template + "' is relative and no base URL is configured");
        }
        String base = baseUrl.trim();
        boolean baseSlash = base.endsWith("/");
        boolean pathSlash = template.startsWith("/");
        if (baseSlash && pathSlash) {
            return base + template.substring(1);
        }
        return baseSlash || pathSlash ? base + template : base + "/" + template;
    }

    /** Finds the } that ends a macro, skipping quoted literals of a date pattern. */
    private static int closingBrace(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Function<Instant, String> macro(String body) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        String argument = colon < 0 ? null : body.substring(colon + 1);
        switch (name) {
            case "gmtDate":
            case "date":
                return formatted(argument == null && "date".equals(name) ? ISO_SECONDS : requireArgument(body, argument),
                        ZoneOffset.UTC);
            case "dateTimeZone":
                return zoned(body, requireArgument(body, argument));
            case "milliseconds":
                if (argument == null) {
                    return instant -> Long.toString(instant.toEpochMilli());
                }
                break;
            case "epoch":
                if (argument == null || "ms".equals(argument)) {
                    return instant -> Long.toString(instant.toEpochMilli());
                }
                if ("s".equals(argument)) {
                    return instant -> Long.toString(instant.getEpochSecond());
                }
                if ("us".equals(argument)) {
                    return instant -> Long.toString(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                            instant.getNano() / 1_000L));
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("unknown macro ${" + body + "}");
    }

    /**
     * ZONE:FMT, where the zone may hold colons itself ({@code +02:00}, {@code GMT+05:30}): the zone is the longest
     * prefix ending before a colon that names a zone.
     */
    private static Function<Instant, String> zoned(String body, String zoneAndPattern) {
        for (int split = zoneAndPattern.lastIndexOf(':'); split > 0; split = zoneAndPattern.lastIndexOf(':', split - 1)) {
            ZoneId zone;
            try {
                zone = DateFormatSpec.parseZone(zoneAndPattern.substring(0, split));
            } catch (IllegalArgumentException notAZone) {
                continue;
            }
            return formatted(requireArgument(body, zoneAndPattern.substring(split + 1)), zone);
        }
        throw new IllegalArgumentException("${" + body + "} needs a zone and a pattern: ${dateTimeZone:ZONE:FMT}");
    }

    private static String requireArgument(String body, String argument) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("${" + body + "} needs a date pattern after the colon");
        }
        return argument;
    }

    private static Function<Instant, String> formatted(String pattern, ZoneId zone) {
        DatePattern datePattern;
        try {
            datePattern = new DatePattern(pattern, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern + "' in a macro is not a date pattern: " + e.getMessage(), e);
        }
        return datePattern::format;
    }

    /** Keeps what a URI may hold, percent-encodes the rest (UTF-8). */
    private static Function<Instant, String> literal(String text) {
        String encoded = UrlEncoding.uriText(text);
        return instant -> encoded;
    }

    @Override
    public String toString() {
        return source;
    }
}
