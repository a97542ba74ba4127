package dev.pouch.agent.throttle;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one backup's source reads did.
 *
 * @param bytesRead source bytes read
 * @param elapsed from the first possible read to the end of reading
 * @param readBytesPerSecond {@code bytesRead / elapsed}
 * @param averageLimitBytesPerSecond the read limit averaged over {@code elapsed}; empty when reads were unlimited
 * @param bytesPastCache bytes of immutable files read with {@code O_DIRECT}
 * @param immutableBytesThroughCache bytes of immutable files read through the cache (already cached, or direct reads
 *     refused) under {@link PageCachePolicy#SPARE_CACHE}
 * @param directRefusals why filesystems refused {@code O_DIRECT}, one line each
 */
public record ReadReport(
    long bytesRead,
    Duration elapsed,
    double readBytesPerSecond,
    OptionalDouble averageLimitBytesPerSecond,
    long bytesPastCache,
    long immutableBytesThroughCache,
    List<String> directRefusals) {}
