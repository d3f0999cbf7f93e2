package io.openconnectors.camel.poll;

/**
 * How the vendor's API pages its results.
 */
public enum PagingMode {
    /** A next-page token in a response header (Open Connectors' {@code Elements-Next-Page-Token}) or body field. */
    token,
    /** {@code offset} and {@code limit} query parameters. */
    offset,
    /** The {@code Link: <...>; rel="next"} response header (RFC 8288). */
    link,
    /** One request per poll. */
    none
}
