package io.openconnectors.camel.signature;

import java.util.Map;

/**
 * A received webhook, as a signature check sees it.
 *
 * @param method  the HTTP method, upper case
 * @param url     the URL the vendor called, with its query: the public one, which a proxy in front may have changed;
 *                {@code null} when not known
 * @param headers the request headers, names in lower case
 * @param body    the raw body bytes
 */
public record SignedRequest(String method, String url, Map<String, String> headers, byte[] body) {
}
