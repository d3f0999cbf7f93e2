package io.openconnectors.camel.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A URL as a log line, an error message or an API answer may show it: without the password of its user info, and with
 * the value of every query parameter masked unless its name is a known harmless one (paging, filtering, sorting): a
 * list of secret-looking names always misses one ({@code pw}, {@code auth}, {@code sid}, ...).
 */
public final class LoggableUrl {

    /** What stands for a hidden value, everywhere a URL or a configuration is shown. */
    public static final String MASK = "********";
    /** Query parameter names (lower case, without '-', '_' and '.') whose values are shown. */
    private static final Set<String> HARMLESS = Set.of(
            "where", "q", "query", "filter", "search", "fields", "select", "expand", "include", "sort", "sortby", "orderby",
            "order", "direction", "page", "pagesize", "pagenumber", "perpage", "limit", "offset", "start", "count", "size",
            "since", "updatedsince", "modifiedsince", "createdsince", "from", "to", "after", "before", "nextpage", "type",
            "status", "state", "format", "version", "lang", "locale", "timezone", "tz");

    private LoggableUrl() {
    }

    public static String of(String url) {
        if (url == null) {
            return null;
        }
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        int scheme = path.indexOf("://");
        int at = path.indexOf('@', scheme < 0 ? 0 : scheme + 3);
        int slash = path.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme >= 0 && at > 0 && (slash < 0 || at < slash)) {
            String userInfo = path.substring(scheme + 3, at);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            path = path.substring(0, scheme + 3) + user + (colon < 0 ? "" : ":" + MASK) + path.substring(at);
        }
        if (question < 0) {
            return path;
        }
        StringJoiner query = new StringJoiner("&");
        for (String pair : url.substring(question + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            query.add(eq >= 0 && secret(name) ? name + "=" + MASK : pair);
        }
        return path + "?" + query;
    }

    /** The scheme, host and port: what a message may always show of a URL. */
    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static boolean secret(String name) {
        return !HARMLESS.contains(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", ""));
    }
}
