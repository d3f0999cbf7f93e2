package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a vendor feeds its HMAC, as a template over the parts of the request: {@code {body}} (the raw bytes),
 * {@code {timestamp}} and {@code {id}} (as received), {@code {method}} and {@code {url}} (the public URL the vendor
 * called, with the query, the escapes of reserved characters written plainly: {@code %3A} as {@code :} and so on for
 * {@code / ? @ ! $ ' ( ) * , ;}, as HubSpot, which signs its URL, specifies), joined by literal text. Stripe signs {@code {timestamp}.{body}}, Slack
 * {@code v0:{timestamp}:{body}}, Standard Webhooks {@code {id}.{timestamp}.{body}}.
 */
public final class SignedContent {

    /** Part names a template may use. */
    public static final Set<String> PARTS = Set.of("body", "timestamp", "id", "method", "url");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    /** Escapes of : / ? @ ! $ ' ( ) * , ; */
    private static final Pattern RESERVED_ESCAPE = Pattern.compile("%(3[AaFfBb]|2[Ff14789AaCc]|40)");

    /** A literal (bytes) or a part of the request (name). */
    private record Piece(byte[] literal, String part) {
    }

    private final String template;
    private final List<Piece> pieces;

    private SignedContent(String template, List<Piece> pieces) {
        this.template = template;
        this.pieces = pieces;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: an unknown part, a brace without its pair, no {body}
     */
    public static SignedContent parse(String template) {
        List<Piece> pieces = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        int literalStart = 0;
        while (matcher.find()) {
            literal(pieces, template.substring(literalStart, matcher.start()));
            String part = matcher.group(1);
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("'{" + part + "}' in '" + template
                                                   + "' is not a part of the request: use {body}, {timestamp}, {id}, {method} or {url}");
            }
            pieces.add(new Piece(null, part));
            literalStart = matcher.end();
        }
        literal(pieces, template.substring(literalStart));
        if (pieces.stream().noneMatch(p -> "body".equals(p.part()))) {
            throw new IllegalArgumentException("'" + template + "' does not sign the {body}");
        }
        return new SignedContent(template, List.copyOf(pieces));
    }

    private static void literal(List<Piece> pieces, String text) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("'" + text + "' has a brace that opens or closes no {part}");
        }
        if (!text.isEmpty()) {
            pieces.add(new Piece(text.getBytes(StandardCharsets.UTF_8), null));
        }
    }

    /** Whether the template uses the part, e.g. whether a timestamp must be received. */
    public boolean uses(String part) {
        return pieces.stream().anyMatch(p -> part.equals(p.part()));
    }

    /** The bytes to sign, in order, for one request; {@code values} gives every part the template uses but the body. */
    byte[][] render(byte[] body, Function<String, String> values) {
        byte[][] rendered = new byte[pieces.size()][];
        for (int i = 0; i < rendered.length; i++) {
            Piece piece = pieces.get(i);
            if (piece.literal() != null) {
                rendered[i] = piece.literal();
            } else if ("body".equals(piece.part())) {
                rendered[i] = body;
            } else if ("url".equals(piece.part())) {
                rendered[i] = unescapeReserved(values.apply("url")).getBytes(StandardCharsets.UTF_8);
            } else {
                rendered[i] = values.apply(piece.part()).getBytes(StandardCharsets.UTF_8);
            }
        }
        return rendered;
    }

    private static String unescapeReserved(String url) {
        return RESERVED_ESCAPE.matcher(url).replaceAll(
                escape -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
    }

    @Override
    public String toString() {
        return template;
    }
}
