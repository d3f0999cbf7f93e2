package io.openconnectors.camel.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.signature.KeyFormat;
import io.openconnectors.camel.signature.SignatureEncoding;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.signature.SignedContent;
import io.openconnectors.camel.signature.SignedRequest;
import io.openconnectors.camel.signature.TimestampFormat;
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
     * @param config   the options with the preset's values filled in
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
        }
        List<String> signatureHeaders = WebhookSettings.headerNames(config.getVendorSignatureHeader());
        if (signatureHeaders.isEmpty()) {
            problems.add(new SettingProblem("vendorSignatureHeader", "is required when vendorSignatureScheme is hmac"));
        }
        SignedContent content = null;
        String template = config.getVendorSignatureContent() != null ? config.getVendorSignatureContent() : "{body}";
        try {
            content = SignedContent.parse(template);
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem("vendorSignatureContent", e.getMessage()));
        }
        List<String> timestampHeaders = WebhookSettings.headerNames(config.getVendorSignatureTimestampHeader());
        List<String> idHeaders = WebhookSettings.headerNames(config.getVendorSignatureIdHeader());
        URI publicUrl = publicUrl(config.getVendorSignaturePublicUrl(), problems);
        if (content != null) {
            if (content.uses("timestamp") && timestampHeaders.isEmpty() && config.getVendorSignatureTimestampPrefix() == null) {
                problems.add(new SettingProblem("vendorSignatureContent", "'" + template + "' signs the {timestamp}, but"
                                                + " neither vendorSignatureTimestampHeader nor vendorSignatureTimestampPrefix"
                                                + " says where it is"));
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
        int toleranceSeconds = config.getVendorSignatureTolerance() != null ? config.getVendorSignatureTolerance() : 300;
        if (toleranceSeconds < 0) {
            problems.add(new SettingProblem("vendorSignatureTolerance", toleranceSeconds + " is below the minimum of 0"));
        }
        VendorSignature.Recipe recipe = problems.size() > before ? null : new VendorSignature.Recipe(signatureHeaders,
                config.getVendorSignatureAlgorithm() != null ? config.getVendorSignatureAlgorithm() : "HmacSHA256",
                config.getVendorSignatureEncoding() != null ? config.getVendorSignatureEncoding() : SignatureEncoding.hex,
                config.getVendorSignatureSeparator(), config.getVendorSignaturePrefix(),
                config.getVendorSignatureTimestampPrefix(), timestampHeaders,
                config.getVendorSignatureTimestampFormat() != null
                        ? config.getVendorSignatureTimestampFormat() : TimestampFormat.seconds,
                idHeaders, content,
                config.getVendorSignatureKeyFormat() != null ? config.getVendorSignatureKeyFormat() : KeyFormat.text);
        if (recipe == null) {
            return null;
        }
        VendorSignature signature;
        try {
            signature = new VendorSignature(recipe, secret, Duration.ofSeconds(toleranceSeconds));
        } catch (IllegalArgumentException e) {
            String option = e.getMessage().contains("whsec_") ? "vendorSignatureSecret" : "vendorSignatureAlgorithm";
            problems.add(new SettingProblem(option, e.getMessage()));
            return null;
        }
        return (method, query, headers, body) -> signature.verify(
                new SignedRequest(method, withQuery(publicUrl, query), headers, body), clock.instant());
    }

    private static URI publicUrl(String url, List<SettingProblem> problems) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(new SettingProblem("vendorSignaturePublicUrl", "'" + url
                                                + "' is not an absolute http(s) URL without query: the URL the vendor calls"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(new SettingProblem("vendorSignaturePublicUrl", "'" + url + "' is not a URL: " + e.getReason()));
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
