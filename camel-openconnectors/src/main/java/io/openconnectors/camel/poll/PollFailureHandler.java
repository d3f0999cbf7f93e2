package io.openconnectors.camel.poll;

import io.openconnectors.camel.event.NotificationFailedException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an expected poll failure (a vendor fault, a failed notification) as one line that says what happened and what
 * comes next, without a stack trace; anything unexpected goes to Camel's usual handler.
 * <p>
 * It is only the default: {@code exceptionHandler} or {@code bridgeErrorHandler} on the endpoint replace it.
 */
final class PollFailureHandler implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PollConsumer.class);

    private final PollConsumer consumer;
    private final ExceptionHandler fallback;

    PollFailureHandler(PollConsumer consumer) {
        this.consumer = consumer;
        this.fallback = new LoggingExceptionHandler(consumer.getEndpoint().getCamelContext(), PollConsumer.class);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception instanceof VendorFaultException || exception instanceof NotificationFailedException) {
            LOG.warn("Poll of instance '{}' resource '{}' failed: {}. No events from this poll; {}", consumer.instanceId(),
                    consumer.resource(), exception.getMessage(), consumer.describeNextAttempt());
        } else {
            fallback.handleException(message, exchange, exception);
        }
    }
}
