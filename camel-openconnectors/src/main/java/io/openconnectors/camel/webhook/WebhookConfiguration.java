package io.openconnectors.camel.webhook;

import java.util.List;

import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.signature.KeyFormat;
import io.openconnectors.camel.signature.SignatureEncoding;
import io.openconnectors.camel.signature.TimestampFormat;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * What an {@code openconnectors:webhook} consumer listens on, how it checks the vendor's signature, and how it turns
 * the vendor's payload into events.
 */
@UriParams
public class WebhookConfiguration implements Cloneable {

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
    private String objectIdField;
    @UriParam(label = "consumer,webhook")
    private String objectType;
    @UriParam(label = "consumer,webhook")
    private String objectTypeField;
    @UriParam(label = "consumer,webhook")
    private String eventTypeHeader;
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
    private VendorSignaturePreset vendorSignaturePreset;
    @UriParam(label = "consumer,webhook")
    private VendorSignatureScheme vendorSignatureScheme;
    @UriParam(label = "consumer,webhook")
    private String vendorSignatureHeader;
    @UriParam(label = "consumer,webhook", secret = true)
    private String vendorSignatureSecret;
    @UriParam(label = "consumer,webhook", defaultValue = "HmacSHA256", enums = "HmacSHA256,HmacSHA1,HmacSHA512")
    private String vendorSignatureAlgorithm;
    @UriParam(label = "consumer,webhook", defaultValue = "hex")
    private SignatureEncoding vendorSignatureEncoding;
    @UriParam(label = "consumer,webhook")
    private String vendorSignaturePrefix;
    @UriParam(label = "consumer,webhook,advanced")
    private String vendorSignatureSeparator;
    @UriParam(label = "consumer,webhook,advanced", defaultValue = "{body}")
    private String vendorSignatureContent;
    @UriParam(label = "consumer,webhook,advanced")
    private String vendorSignatureTimestampHeader;
    @UriParam(label = "consumer,webhook,advanced")
    private String vendorSignatureTimestampPrefix;
    @UriParam(label = "consumer,webhook,advanced", defaultValue = "seconds")
    private TimestampFormat vendorSignatureTimestampFormat;
    @UriParam(label = "consumer,webhook,advanced")
    private String vendorSignatureIdHeader;
    @UriParam(label = "consumer,webhook,advanced", defaultValue = "text")
    private KeyFormat vendorSignatureKeyFormat;
    @UriParam(label = "consumer,webhook")
    private String vendorSignaturePublicUrl;
    @UriParam(label = "consumer,webhook", defaultValue = "300")
    private Integer vendorSignatureTolerance;

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
     * X-Shopify-Webhook-Id; webhook-id under standardWebhooks, the default there; a preset sets its vendor's).
     * Alternatives, the first present read, are separated by commas. Notification ids are derived from
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
     * Dotted path, inside an item, of the changed record's id (the event's objectId). Default: id, or the preset's.
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

    public String getEventTypeHeader() {
        return eventTypeHeader;
    }

    /**
     * A header that names the vendor's event (X-GitHub-Event, X-Shopify-Topic). With eventTypeField as well, the two
     * are joined by a dot (issues.opened) before eventTypeMapping translates them.
     */
    public void setEventTypeHeader(String eventTypeHeader) {
        this.eventTypeHeader = eventTypeHeader;
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
     * How vendor event names become event types, e.g. contact.created:CREATED,contact.deleted:DELETED. A name that
     * starts with * stands for every event name ending in the rest (*.created:CREATED); exact names win over these,
     * and the longest ending wins among them. A name not listed is UNKNOWN, unless it is itself CREATED, UPDATED,
     * DELETED or UNKNOWN (in any case).
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

    public VendorSignaturePreset getVendorSignaturePreset() {
        return vendorSignaturePreset;
    }

    /**
     * How a known vendor signs and shapes its webhooks: github, shopify, stripe, slack, zendesk, hubspot,
     * standardWebhooks or svix. It sets the signature options, the delivery id header, where the event name is and
     * the handshake, each only where the option is not set itself; vendorSignatureSecret is still needed, and hubspot
     * needs vendorSignaturePublicUrl.
     */
    public void setVendorSignaturePreset(VendorSignaturePreset vendorSignaturePreset) {
        this.vendorSignaturePreset = vendorSignaturePreset;
    }

    public VendorSignatureScheme getVendorSignatureScheme() {
        return vendorSignatureScheme;
    }

    /**
     * How the vendor signs: none, hmac (an HMAC described by the vendorSignature* options) or standardWebhooks.
     * Default: hmac when vendorSignaturePreset or vendorSignatureHeader is set, else none. A request whose signature
     * is missing, wrong or stale is answered 401 and nothing is emitted.
     */
    public void setVendorSignatureScheme(VendorSignatureScheme vendorSignatureScheme) {
        this.vendorSignatureScheme = vendorSignatureScheme;
    }

    public String getVendorSignatureHeader() {
        return vendorSignatureHeader;
    }

    /**
     * The header holding the vendor's HMAC, e.g. X-Hub-Signature-256 or X-Shopify-Hmac-Sha256. Alternatives, the
     * first present read, are separated by commas (webhook-signature,svix-signature).
     */
    public void setVendorSignatureHeader(String vendorSignatureHeader) {
        this.vendorSignatureHeader = vendorSignatureHeader;
    }

    public String getVendorSignatureSecret() {
        return vendorSignatureSecret;
    }

    /**
     * The key the vendor signs with, as the vendor hands it out (see vendorSignatureKeyFormat).
     */
    public void setVendorSignatureSecret(String vendorSignatureSecret) {
        this.vendorSignatureSecret = vendorSignatureSecret;
    }

    public String getVendorSignatureAlgorithm() {
        return vendorSignatureAlgorithm;
    }

    /**
     * The HMAC algorithm.
     */
    public void setVendorSignatureAlgorithm(String vendorSignatureAlgorithm) {
        this.vendorSignatureAlgorithm = vendorSignatureAlgorithm;
    }

    public SignatureEncoding getVendorSignatureEncoding() {
        return vendorSignatureEncoding;
    }

    /**
     * How the vendor writes each MAC: hex or base64.
     */
    public void setVendorSignatureEncoding(SignatureEncoding vendorSignatureEncoding) {
        this.vendorSignatureEncoding = vendorSignatureEncoding;
    }

    public String getVendorSignaturePrefix() {
        return vendorSignaturePrefix;
    }

    /**
     * What precedes each MAC in the header, e.g. sha256= for GitHub, v1= for Stripe; with a separator, it also marks
     * which entries are signatures (one that matches is enough).
     */
    public void setVendorSignaturePrefix(String vendorSignaturePrefix) {
        this.vendorSignaturePrefix = vendorSignaturePrefix;
    }

    public String getVendorSignatureSeparator() {
        return vendorSignatureSeparator;
    }

    /**
     * What separates the entries of a signature header that holds several, e.g. a comma for Stripe
     * (t=...,v1=...,v1=...) or a space for Standard Webhooks. Unset: the header holds one signature.
     */
    public void setVendorSignatureSeparator(String vendorSignatureSeparator) {
        this.vendorSignatureSeparator = vendorSignatureSeparator;
    }

    public String getVendorSignatureContent() {
        return vendorSignatureContent;
    }

    /**
     * What the vendor signs, as a template over {body}, {timestamp}, {id}, {method} and {url} with literal text
     * between: {timestamp}.{body} for Stripe, v0:{timestamp}:{body} for Slack, {method}{url}{body}{timestamp} for
     * HubSpot.
     */
    public void setVendorSignatureContent(String vendorSignatureContent) {
        this.vendorSignatureContent = vendorSignatureContent;
    }

    public String getVendorSignatureTimestampHeader() {
        return vendorSignatureTimestampHeader;
    }

    /**
     * The header holding the time the vendor signed (X-Slack-Request-Timestamp); alternatives separated by commas.
     * A signed timestamp further from now than vendorSignatureTolerance is refused as a replay.
     */
    public void setVendorSignatureTimestampHeader(String vendorSignatureTimestampHeader) {
        this.vendorSignatureTimestampHeader = vendorSignatureTimestampHeader;
    }

    public String getVendorSignatureTimestampPrefix() {
        return vendorSignatureTimestampPrefix;
    }

    /**
     * The prefix of the signature header's entry that holds the timestamp, when it travels there (t= for Stripe).
     */
    public void setVendorSignatureTimestampPrefix(String vendorSignatureTimestampPrefix) {
        this.vendorSignatureTimestampPrefix = vendorSignatureTimestampPrefix;
    }

    public TimestampFormat getVendorSignatureTimestampFormat() {
        return vendorSignatureTimestampFormat;
    }

    /**
     * How the timestamp is written: seconds, milliseconds (HubSpot) or iso8601 (Zendesk).
     */
    public void setVendorSignatureTimestampFormat(TimestampFormat vendorSignatureTimestampFormat) {
        this.vendorSignatureTimestampFormat = vendorSignatureTimestampFormat;
    }

    public String getVendorSignatureIdHeader() {
        return vendorSignatureIdHeader;
    }

    /**
     * The header holding the message id that {id} stands for in vendorSignatureContent (webhook-id); alternatives
     * separated by commas.
     */
    public void setVendorSignatureIdHeader(String vendorSignatureIdHeader) {
        this.vendorSignatureIdHeader = vendorSignatureIdHeader;
    }

    public KeyFormat getVendorSignatureKeyFormat() {
        return vendorSignatureKeyFormat;
    }

    /**
     * How the secret becomes the HMAC key: text (its UTF-8 bytes) or standardWebhooks (whsec_ followed by the Base64
     * of the key).
     */
    public void setVendorSignatureKeyFormat(KeyFormat vendorSignatureKeyFormat) {
        this.vendorSignatureKeyFormat = vendorSignatureKeyFormat;
    }

    public String getVendorSignaturePublicUrl() {
        return vendorSignaturePublicUrl;
    }

    /**
     * The URL the vendor calls, as the vendor sees it (https://hooks.example.com/events/hubspot/42), for a signature
     * over {url}: a proxy in front may change what this endpoint receives. The request's query is added to it.
     */
    public void setVendorSignaturePublicUrl(String vendorSignaturePublicUrl) {
        this.vendorSignaturePublicUrl = vendorSignaturePublicUrl;
    }

    public Integer getVendorSignatureTolerance() {
        return vendorSignatureTolerance;
    }

    /**
     * Seconds a signed timestamp may be away from now, either way; requests further off are refused as replays.
     */
    public void setVendorSignatureTolerance(Integer vendorSignatureTolerance) {
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

    /** A shallow copy, to fill in without changing the endpoint's own. */
    public WebhookConfiguration copy() {
        try {
            return (WebhookConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every problem of this configuration, each under its option name; empty when it can work. */
    public List<SettingProblem> problems() {
        return WebhookSettings.problems(this);
    }
}
