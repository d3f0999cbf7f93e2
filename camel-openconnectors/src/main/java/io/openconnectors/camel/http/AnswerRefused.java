package io.openconnectors.camel.http;

import java.io.IOException;

/**
 * Carries a checked failure out of an Apache HttpClient response handler, which may only throw {@link IOException}:
 * the handler throws {@code new AnswerRefused(failure)}, the caller catches it and rethrows {@link #failure}.
 */
public final class AnswerRefused extends IOException {

    private final transient Exception failure;

    public AnswerRefused(Exception failure) {
        super(failure.getMessage(), null);
        this.failure = failure;
    }

    /** The failure to throw in the handler's stead, of the type the handler threw. */
    public <E extends Exception> E failure(Class<E> type) {
        return type.cast(failure);
    }
}
