package io.openconnectors.camel.webhook;

import java.util.List;

import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.signature.SignatureEncoding;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * What an {@code openconnectors:webhook} consumer listens on, how it checks the vendor's signature, and how it turns
 * the vendor's payload into events.
 */
@UriParams
public class WebhookConfiguration {

    @UriParam(label = "consumer,webhook")
    private String path;
    @UriParam(label = "consumer,webhook,advanced")
    private String pathTemplate;
    @UriParam(label = "consumer,webhook", defaultValue = "1048576")
    private int maxBodySize = 1024 * 1024;
    @UriParam(label = "consumer,webhook", defaultValue = "1000")
    private int maxItems = 1000;
    @UriParam(label = "consumer,webhook")
    private String deliveryIdHeader;

    @UriParam(label = "consumer,webhook")
    private String itemsField;
    @UriParam(label = "consumer,webhook", defaultValue = "id")
    private String objectIdField = "id";
    @UriParam(label = "consumer,webhook")
    private String objectType;
    @UriParam(label = "consumer,webhook")
    private String objectTypeField;
    @UriParam(label = "consumer,webhook")
    private String eventTypeField;
    @UriParam(label = "consumer,webhook")
    private String eventTypeMapping;
    @UriParam(label = "consumer,webhook")
    private String eventDateField;
    @UriParam(label = "consumer,webhook", defaultValue = "iso8601")
    private String eventDateFormat;
    @UriParam(label = "consumer,webhook", defaultValue = "GMT")
    private String eventDateTimezone;
    @UriParam(label = "consumer,webhook")
    private WebhookEventMapper eventMapper;

    @UriParam(label = "consumer,webhook")
    private VendorSignatureScheme vendorSignatureScheme;
    @UriParam(label = "consumer,webhook")
    private String vendorSignatureHeader;
    @UriParam(label = "consumer,webhook", secret = true)
    private String vendorSignatureSecret;
    @UriParam(label = "consumer,webhook", defaultValue = "HmacSHA256", enums = "HmacSHA256,HmacSHA1,HmacSHA512")
    private String vendorSignatureAlgorithm = "HmacSHA256";
    @UriParam(label = "consumer,webhook", defaultValue = "hex")
    private SignatureEncoding vendorSignatureEncoding = SignatureEncoding.hex;
    @UriParam(label = "consumer,webhook")
    private String vendorSignaturePrefix;
    @UriParam(label = "consumer,webhook", defaultValue = "300")
    private int vendorSignatureTolerance = 300;

    @UriParam(label = "consumer,webhook", defaultValue = "hub.challenge")
    private String challengeParam = "hub.challenge";
    @UriParam(label = "consumer,webhook", secret = true)
    private String verifyToken;
    @UriParam(label = "consumer,webhook", defaultValue = "hub.verify_token")
    private String verifyTokenParam = "hub.verify_token";
    @UriParam(label = "consumer,webhook")
    private String challengeField;
    @UriParam(label = "consumer,webhook")
    private String challengeCondition;

    public String getPath() {
        return path;
    }

    /**
     * The HTTP path the vendor POSTs to, served by Camel's platform-http (e.g. /events/github/42). Default:
     * /events/ followed by the endpoint's name.
     */
    public void setPath(String path) {
        this.path = path;
    }

    public String getPathTemplate() {
        return pathTemplate;
    }

    /**
     * Receive through one platform-http route shared by every webhook endpoint with this template (e.g.
     * /events/{elementKey}/{instanceId}), which must match the path: each request goes to the endpoint whose path is
     * the request's, and a path no endpoint receives on is answered 404. Thousands of webhook endpoints then cost one
     * HTTP route instead of one each. Unset: a route of its own.
     */
    public void setPathTemplate(String pathTemplate) {
        this.pathTemplate = pathTemplate;
    }

    public int getMaxBodySize() {
        return maxBodySize;
    }

    /**
     * The largest body accepted, in bytes; a larger one is answered 413.
     */
    public void setMaxBodySize(int maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public int getMaxItems() {
        return maxItems;
    }

    /**
     * The most items (events) one webhook may carry; a webhook with more is answered 413 with the reason, so that one
     * small request cannot become hundreds of stored notifications.
     */
    public void setMaxItems(int maxItems) {
        this.maxItems = maxItems;
    }

    public String getDeliveryIdHeader() {
        return deliveryIdHeader;
    }

    /**
     * The header in which the vendor names each delivery, the same on its retries (X-GitHub-Delivery,
     * X-Shopify-Webhook-Id; webhook-id under standardWebhooks, the default there). Notification ids are derived from
     * it, so a webhook the vendor sends again carries the same eventIds and is stored once. Without it every request
     * gets new ids: nothing is ever dropped, and a retried webhook is delivered again under other ids.
     */
    public void setDeliveryIdHeader(String deliveryIdHeader) {
        this.deliveryIdHeader = deliveryIdHeader;
    }

    public String getItemsField() {
        return itemsField;
    }

    /**
     * Dotted path of the array of items in the body (e.g. events or data.items), one event per item. When unset, a body
     * that is an array is the items, and any other body is one item.
     */
    public void setItemsField(String itemsField) {
        this.itemsField = itemsField;
    }

    public String getObjectIdField() {
        return objectIdField;
    }

    /**
     * Dotted path, inside an item, of the changed record's id (the event's objectId).
     */
    public void setObjectIdField(String objectIdField) {
        this.objectIdField = objectIdField;
    }

    public String getObjectType() {
        return objectType;
    }

    /**
     * The events' objectType when every item is of one type (e.g. contacts).
     */
    public void setObjectType(String objectType) {
        this.objectType = objectType;
    }

    public String getObjectTypeField() {
        return objectTypeField;
    }

    /**
     * Dotted path, inside an item, of its object type; wins over objectType when the item has it.
     */
    public void setObjectTypeField(String objectTypeField) {
        this.objectTypeField = objectTypeField;
    }

    public String getEventTypeField() {
        return eventTypeField;
    }

    /**
     * Dotted path, inside an item, of the vendor's event name (e.g. type or action), translated by eventTypeMapping.
     * Without it every event is UNKNOWN.
     */
    public void setEventTypeField(String eventTypeField) {
        this.eventTypeField = eventTypeField;
    }

    public String getEventTypeMapping() {
        return eventTypeMapping;
    }

    /**
     * How vendor event names become event types, e.g. contact.created:CREATED,contact.deleted:DELETED. A name not
     * listed is UNKNOWN, unless it is itself CREATED, UPDATED, DELETED or UNKNOWN (in any case).
     */
    public void setEventTypeMapping(String eventTypeMapping) {
        this.eventTypeMapping = eventTypeMapping;
    }

    public String getEventDateField() {
        return eventDateField;
    }

    /**
     * Dotted path, inside an item, of when the change happened. Without it, or when the value cannot be read, the event
     * carries the time the webhook arrived.
     */
    public void setEventDateField(String eventDateField) {
        this.eventDateField = eventDateField;
    }

    public String getEventDateFormat() {
        return eventDateFormat;
    }

    /**
     * How the event date is written: iso8601, milliseconds, seconds or a Java date pattern.
     */
    public void setEventDateFormat(String eventDateFormat) {
        this.eventDateFormat = eventDateFormat;
    }

    public String getEventDateTimezone() {
        return eventDateTimezone;
    }

    /**
     * The zone a pattern or a local ISO date-time of the event date is read in.
     */
    public void setEventDateTimezone(String eventDateTimezone) {
        this.eventDateTimezone = eventDateTimezone;
    }

    public WebhookEventMapper getEventMapper() {
        return eventMapper;
    }

    /**
     * Code that maps the body to events instead of the mapping options, for payloads they cannot describe.
     */
    public void setEventMapper(WebhookEventMapper eventMapper) {
        this.eventMapper = eventMapper;
    }

    public VendorSignatureScheme getVendorSignatureScheme() {
        return vendorSignatureScheme;
    }

    /**
     * How the vendor signs: none, hmac (an HMAC of the body in vendorSignatureHeader) or standardWebhooks. Default:
     * hmac when vendorSignatureHeader is set, else none. A request whose signature is missing or wrong is answered 401
     * and nothing is emitted.
     */
    public void setVendorSignatureScheme(VendorSignatureScheme vendorSignatureScheme) {
        this.vendorSignatureScheme = vendorSignatureScheme;
    }

    public String getVendorSignatureHeader() {
        return vendorSignatureHeader;
    }

    /**
     * The header holding the vendor's HMAC, e.g. X-Hub-Signature-256 or X-Shopify-Hmac-Sha256.
     */
    public void setVendorSignatureHeader(String vendorSignatureHeader) {
        this.vendorSignatureHeader = vendorSignatureHeader;
    }

    public String getVendorSignatureSecret() {
        return vendorSignatureSecret;
    }

    /**
     * The key the vendor signs with (for standardWebhooks a whsec_ prefix marks a Base64 key).
     */
    public void setVendorSignatureSecret(String vendorSignatureSecret) {
        this.vendorSignatureSecret = vendorSignatureSecret;
    }

    public String getVendorSignatureAlgorithm() {
        return vendorSignatureAlgorithm;
    }

    /**
     * The HMAC algorithm of the hmac scheme.
     */
    public void setVendorSignatureAlgorithm(String vendorSignatureAlgorithm) {
        this.vendorSignatureAlgorithm = vendorSignatureAlgorithm;
    }

    public SignatureEncoding getVendorSignatureEncoding() {
        return vendorSignatureEncoding;
    }

    /**
     * How the hmac scheme writes the MAC: hex or base64.
     */
    public void setVendorSignatureEncoding(SignatureEncoding vendorSignatureEncoding) {
        this.vendorSignatureEncoding = vendorSignatureEncoding;
    }

    public String getVendorSignaturePrefix() {
        return vendorSignaturePrefix;
    }

    /**
     * What precedes the MAC in the header, e.g. sha256= for GitHub.
     */
    public void setVendorSignaturePrefix(String vendorSignaturePrefix) {
        this.vendorSignaturePrefix = vendorSignaturePrefix;
    }

    public int getVendorSignatureTolerance() {
        return vendorSignatureTolerance;
    }

    /**
     * Seconds a standardWebhooks timestamp may be away from now, either way; older requests are refused as replays.
     */
    public void setVendorSignatureTolerance(int vendorSignatureTolerance) {
        this.vendorSignatureTolerance = vendorSignatureTolerance;
    }

    public String getChallengeParam() {
        return challengeParam;
    }

    /**
     * The query parameter of a GET subscription handshake whose value is echoed back (hub.challenge for WebSub and
     * Meta).
     */
    public void setChallengeParam(String challengeParam) {
        this.challengeParam = challengeParam;
    }

    public String getVerifyToken() {
        return verifyToken;
    }

    /**
     * When set, a GET handshake is only answered when verifyTokenParam carries this token; otherwise 403.
     */
    public void setVerifyToken(String verifyToken) {
        this.verifyToken = verifyToken;
    }

    public String getVerifyTokenParam() {
        return verifyTokenParam;
    }

    /**
     * The query parameter that carries verifyToken in a GET handshake.
     */
    public void setVerifyTokenParam(String verifyTokenParam) {
        this.verifyTokenParam = verifyTokenParam;
    }

    public String getChallengeField() {
        return challengeField;
    }

    /**
     * Dotted path of a challenge in a JSON POST body (e.g. challenge for Slack's url_verification): when present, and
     * challengeCondition holds, its value is echoed back and nothing is emitted.
     */
    public void setChallengeField(String challengeField) {
        this.challengeField = challengeField;
    }

    public String getChallengeCondition() {
        return challengeCondition;
    }

    /**
     * field=value that must hold in the body for challengeField to count as a handshake, e.g. type=url_verification.
     */
    public void setChallengeCondition(String challengeCondition) {
        this.challengeCondition = challengeCondition;
    }

    /** Every problem of this configuration, each under its option name; empty when it can work. */
    public List<SettingProblem> problems() {
        return WebhookSettings.problems(this);
    }
}
