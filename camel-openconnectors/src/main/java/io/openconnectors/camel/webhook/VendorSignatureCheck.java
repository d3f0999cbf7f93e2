package io.openconnectors.camel.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;

import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.http.LoggableUrl;
import io.openconnectors.camel.signature.KeyFormat;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.signature.SignedContent;
import io.openconnectors.camel.signature.SignedRequest;
import io.openconnectors.camel.signature.VendorSignature;

/**
 * Checks a webhook's signature over the raw body bytes, the way the vendor signs, as the vendorSignature* options
 * (set by hand or by a preset) describe it.
 */
@FunctionalInterface
interface VendorSignatureCheck {

    /**
     * @param query   the raw query string, or {@code null}
     * @param headers the request headers, names in lower case
     */
    SignatureVerdict verify(String method, String query, Map<String, String> headers, byte[] body);

    /**
     * The check the options describe, or {@code null} when nothing is to be checked or the options cannot work.
     *
     * @param config   the options with the preset's values and the defaults filled in
     * @param problems where each option that cannot work is added, under its name
     */
    static VendorSignatureCheck of(WebhookConfiguration config, Clock clock, List<SettingProblem> problems) {
        VendorSignatureScheme scheme = config.getVendorSignatureScheme() != null ? config.getVendorSignatureScheme()
                : config.getVendorSignaturePreset() != null || config.getVendorSignatureHeader() != null
                        ? VendorSignatureScheme.hmac : VendorSignatureScheme.none;
        if (scheme == VendorSignatureScheme.none) {
            return null;
        }
        int before = problems.size();
        String secret = config.getVendorSignatureSecret();
        if (secret == null || secret.isEmpty()) {
            problems.add(new SettingProblem("vendorSignatureSecret", "is required when the vendor signs ("
                                                                     + (config.getVendorSignaturePreset() != null
                                                                             ? config.getVendorSignaturePreset() : scheme)
                                                                     + ")"));
        } else {
            key(config.getVendorSignatureKeyFormat(), secret, problems);
        }
        try {
            Mac.getInstance(config.getVendorSignatureAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            problems.add(new SettingProblem("vendorSignatureAlgorithm", "'" + config.getVendorSignatureAlgorithm()
                                                                        + "' is not an HMAC algorithm here: use HmacSHA256, HmacSHA1 or HmacSHA512"));
        }
        List<String> signatureHeaders = WebhookSettings.headerNames(config.getVendorSignatureHeader());
        if (signatureHeaders.isEmpty()) {
            problems.add(new SettingProblem("vendorSignatureHeader", "is required when vendorSignatureScheme is hmac"));
        }
        String template = config.getVendorSignatureContent();
        SignedContent content = null;
        try {
            content = SignedContent.parse(template);
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem("vendorSignatureContent", e.getMessage()));
        }
        List<String> timestampHeaders = WebhookSettings.headerNames(config.getVendorSignatureTimestampHeader());
        String timestampPrefix = config.getVendorSignatureTimestampPrefix();
        boolean timestamped = !timestampHeaders.isEmpty() || timestampPrefix != null;
        if (timestampPrefix != null && (config.getVendorSignatureSeparator() == null
                                        || config.getVendorSignatureSeparator().isEmpty())) {
            problems.add(new SettingProblem("vendorSignatureTimestampPrefix", "needs vendorSignatureSeparator: the"
                                                                              + " timestamp is one of the signature header's entries"));
        }
        List<String> idHeaders = WebhookSettings.headerNames(config.getVendorSignatureIdHeader());
        URI publicUrl = publicUrl(config.getVendorSignaturePublicUrl(), problems);
        if (content != null) {
            if (content.uses("timestamp") && !timestamped) {
                problems.add(new SettingProblem("vendorSignatureContent", "'" + template + "' signs the {timestamp}, but"
                                                + " neither vendorSignatureTimestampHeader nor vendorSignatureTimestampPrefix"
                                                + " says where it is"));
            }
            if (!content.uses("timestamp") && timestamped) {
                problems.add(new SettingProblem("vendorSignatureContent", "'" + template + "' does not sign the {timestamp}:"
                                                + " a timestamp nobody signed cannot refuse a replayed webhook"));
            }
            if (content.uses("id") && idHeaders.isEmpty()) {
                problems.add(new SettingProblem("vendorSignatureContent", "'" + template + "' signs the {id}, but"
                                                + " vendorSignatureIdHeader does not say where it is"));
            }
            if (content.uses("url") && publicUrl == null && config.getVendorSignaturePublicUrl() == null) {
                problems.add(new SettingProblem("vendorSignaturePublicUrl", "is required: '" + template + "' signs the {url}"
                                                + " the vendor called, which a proxy in front may change"));
            }
        }
        int toleranceSeconds = config.getVendorSignatureTolerance();
        if (toleranceSeconds < 0) {
            problems.add(new SettingProblem("vendorSignatureTolerance", toleranceSeconds + " is below the minimum of 0"));
        }
        if (problems.size() > before) {
            return null;
        }
        VendorSignature signature = new VendorSignature(new VendorSignature.Recipe(signatureHeaders,
                config.getVendorSignatureAlgorithm(), config.getVendorSignatureEncoding(), config.getVendorSignatureSeparator(),
                config.getVendorSignaturePrefix(), timestampPrefix, timestampHeaders, config.getVendorSignatureTimestampFormat(),
                idHeaders, content, config.getVendorSignatureKeyFormat()), secret, Duration.ofSeconds(toleranceSeconds));
        return (method, query, headers, body) -> signature.verify(
                new SignedRequest(method, withQuery(publicUrl, query), headers, body), clock.instant());
    }

    /** Checks that the secret is written as its key format says, without ever showing it. */
    private static void key(KeyFormat format, String secret, List<SettingProblem> problems) {
        try {
            if (format.bytes(secret).length == 0) {
                problems.add(new SettingProblem("vendorSignatureSecret", "is empty once decoded as " + format));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem("vendorSignatureSecret", e.getMessage()));
        }
    }

    private static URI publicUrl(String url, List<SettingProblem> problems) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(new SettingProblem("vendorSignaturePublicUrl", "'" + LoggableUrl.of(url)
                                                + "' is not an absolute http(s) URL without query: the URL the vendor calls"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(new SettingProblem("vendorSignaturePublicUrl", "'" + LoggableUrl.of(url) + "' is not a URL: "
                                                                        + e.getReason()));
            return null;
        }
    }

    /** The public URL with the request's query. */
    private static String withQuery(URI publicUrl, String query) {
        if (publicUrl == null) {
            return null;
        }
        return query == null || query.isEmpty() ? publicUrl.toString() : publicUrl + "?" + query;
    }
}
