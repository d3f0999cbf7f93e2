package io.openconnectors.camel.poll;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.record.FieldPath;

/**
 * Walks the vendor's pages within one poll: gives the first URL, then the next one after each page until the pages
 * run out. One cursor per poll; not shared between threads.
 */
abstract sealed class PageCursor {

    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*\\brel=\"?next\"?", Pattern.CASE_INSENSITIVE);

    static PageCursor start(PollConfiguration config) {
        return switch (config.getPaging()) {
            case token -> new Token(config, config.getNextPageTokenField() == null
                    ? null : FieldPath.parse(config.getNextPageTokenField()));
            case offset -> new Offset(config);
            case link -> new Link();
            case none -> new Single();
        };
    }

    abstract String first(String url);

    /**
     * Takes up a sweep that an earlier poll stopped at {@code nextPage}; returns the URL to read next.
     */
    String resume(String nextPage) {
        return nextPage;
    }

    /**
     * @param  url     the URL the page came from
     * @param  records how many records the page held
     * @return         the next page's URL, or {@code null} when this was the last page
     */
    abstract String next(String url, VendorPage page, int records);

    /** Open Connectors' hub style: {@code pageSize} and {@code nextPage} parameters, token in a header or the body. */
    private static final class Token extends PageCursor {
        private final PollConfiguration config;
        private final FieldPath tokenField;

        Token(PollConfiguration config, FieldPath tokenField) {
            this.config = config;
            this.tokenField = tokenField;
        }

        @Override
        String first(String url) {
            return config.getPageSize() > 0
                    ? QueryParams.with(url, config.getPageSizeParam(), Integer.toString(config.getPageSize())) : url;
        }

        @Override
        String next(String url, VendorPage page, int records) {
            // the hub may send a token even when the next page is empty: a short page ends it too
            if (records == 0 || config.getPageSize() > 0 && records < config.getPageSize()) {
                return null;
            }
            String token = tokenField == null ? page.header(config.getNextPageTokenHeader()) : text(tokenField.resolve(page.body()));
            return token == null || token.isBlank() ? null : QueryParams.with(url, config.getNextPageParam(), token);
        }

        private static String text(JsonNode node) {
            return node == null || !node.isValueNode() ? null : node.asText();
        }
    }

    private static final class Offset extends PageCursor {
        private final PollConfiguration config;
        private long offset;

        Offset(PollConfiguration config) {
            if (config.getPageSize() <= 0) {
                throw new IllegalArgumentException("offset paging needs a pageSize above 0");
            }
            this.config = config;
        }

        @Override
        String first(String url) {
            return page(url);
        }

        @Override
        String resume(String nextPage) {
            String at = QueryParams.get(nextPage, config.getOffsetParam());
            offset = at == null ? 0 : Long.parseLong(at);
            return nextPage;
        }

        @Override
        String next(String url, VendorPage page, int records) {
            if (records < config.getPageSize()) {
                return null;
            }
            offset += records;
            return page(url);
        }

        private String page(String url) {
            String limited = QueryParams.with(url, config.getLimitParam(), Integer.toString(config.getPageSize()));
            return QueryParams.with(limited, config.getOffsetParam(), Long.toString(offset));
        }
    }

    /** RFC 8288 {@code Link: <url>; rel="next"}, resolved against the page's URL. */
    private static final class Link extends PageCursor {
        @Override
        String first(String url) {
            return url;
        }

        @Override
        String next(String url, VendorPage page, int records) {
            String header = page.header("Link");
            if (header == null || records == 0) {
                return null;
            }
            Matcher next = LINK_NEXT.matcher(header);
            return next.find() ? URI.create(url).resolve(next.group(1).trim()).toString() : null;
        }
    }

    private static final class Single extends PageCursor {
        @Override
        String first(String url) {
            return url;
        }

        @Override
        String next(String url, VendorPage page, int records) {
            return null;
        }
    }
}
