/**
 * Bandwidth limits as a decorator: {@link dev.pouch.storage.ratelimit.RateLimitedStorageBackend} throttles the bytes
 * a put reads from its content and the bytes a caller reads from an opened stream, each direction against its own
 * token bucket shared by all calls of the backend. Requests per second are not limited here; the clouds' throttling
 * answers are the retry layer's business.
 *
 * <p>Vocabulary: the <em>rate</em> is bytes per second in one direction; the <em>burst</em> is what may pass without
 * waiting after a quiet spell (a tenth of a second's worth); <em>debt</em> is what callers took beyond the tokens
 * available, which they pay off by waiting, so concurrent callers share the rate instead of each getting it.
 */
package dev.pouch.storage.ratelimit;
