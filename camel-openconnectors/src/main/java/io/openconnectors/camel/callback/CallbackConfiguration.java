package io.openconnectors.camel.callback;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Where an {@code openconnectors:callback} producer delivers notifications and how it signs them.
 */
@UriParams
public class CallbackConfiguration {

    @UriParam(label = "producer,callback")
    private String callbackUrl;
    @UriParam(label = "producer,callback", secret = true)
    private String signatureSecret;
    @UriParam(label = "producer,callback", defaultValue = "elements")
    private SignatureStyle signatureStyle = SignatureStyle.elements;
    @UriParam(label = "producer,callback", secret = true)
    private String signaturePreviousSecret;
    @UriParam(label = "producer,callback")
    private String signaturePreviousUntil;
    @UriParam(label = "producer,callback", defaultValue = "false")
    private boolean ordered;

    public String getCallbackUrl() {
        return callbackUrl;
    }

    /**
     * Required for callback. The subscriber's URL that receives each notification as a POST (the instance's
     * event.notification.callback.url).
     */
    public void setCallbackUrl(String callbackUrl) {
        this.callbackUrl = callbackUrl;
    }

    public String getSignatureSecret() {
        return signatureSecret;
    }

    /**
     * The HMAC key that signs each notification (the instance's event.notification.signature.key). Without it,
     * notifications go unsigned. For Standard Webhooks a whsec_ prefix marks a Base64 key.
     */
    public void setSignatureSecret(String signatureSecret) {
        this.signatureSecret = signatureSecret;
    }

    public SignatureStyle getSignatureStyle() {
        return signatureStyle;
    }

    /**
     * Which signature headers to send: elements (Elements-Webhook-Signature), standardWebhooks (webhook-id,
     * webhook-timestamp, webhook-signature) or both (the instance's event.notification.signature.style).
     */
    public void setSignatureStyle(SignatureStyle signatureStyle) {
        this.signatureStyle = signatureStyle;
    }

    public String getSignaturePreviousSecret() {
        return signaturePreviousSecret;
    }

    /**
     * The key being retired, during a key rotation: until signaturePreviousUntil each notification carries its
     * signature beside the one of signatureSecret, so that receivers can switch keys at their own pace (the
     * instance's event.notification.signature.previous.key).
     */
    public void setSignaturePreviousSecret(String signaturePreviousSecret) {
        this.signaturePreviousSecret = signaturePreviousSecret;
    }

    public String getSignaturePreviousUntil() {
        return signaturePreviousUntil;
    }

    /**
     * When signaturePreviousSecret stops signing, as an ISO-8601 instant (2026-12-31T00:00:00Z); required with it
     * (the instance's event.notification.signature.previous.until).
     */
    public void setSignaturePreviousUntil(String signaturePreviousUntil) {
        this.signaturePreviousUntil = signaturePreviousUntil;
    }

    public boolean isOrdered() {
        return ordered;
    }

    /**
     * With an event store: deliver an instance's notifications one at a time, in the order they were stored, also when
     * several nodes share the store (a notification waits while an earlier one is retried; a queued one no longer holds
     * the others back) (the instance's event.notification.ordered).
     */
    public void setOrdered(boolean ordered) {
        this.ordered = ordered;
    }
}
