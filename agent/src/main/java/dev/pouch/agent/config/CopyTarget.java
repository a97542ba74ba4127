package dev.pouch.agent.config;

/**
 * One entry of {@code copies:}: a second repository that receives every snapshot (3-2-1).
 *
 * @param medium the kind of storage ({@code s3}, {@code gcs}, {@code azure}, {@code disk}, ...), for the 2-media rule
 * @param site {@code onsite} or {@code offsite}, for the 1-offsite rule
 */
public record CopyTarget(String url, String medium, String site) {}
