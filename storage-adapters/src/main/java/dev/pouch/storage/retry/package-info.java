/**
 * The one operation-level retry layer above the backends (their SDKs keep their own, explicitly configured, policy):
 * {@link dev.pouch.storage.retry.RetryingStorageBackend} with a {@link dev.pouch.storage.retry.RetryPolicy}.
 *
 * <p>Vocabulary: an <em>attempt</em> is one call to the wrapped backend; a <em>retry</em> is every attempt after the
 * first. A key is <em>content-addressed</em> when its name is derived from its bytes (packs), so writing it twice can
 * only ever write the same bytes; the caller says which keys are. <em>Resolving</em> an unknown outcome means finding
 * out with stat (and a read-back) whether a put whose reply was lost took effect.
 */
package dev.pouch.storage.retry;
