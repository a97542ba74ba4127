/**
 * The pouch CLI end to end on cloud storage (issue 6) and object lock (issue 8, part 5): each command run as a
 * separate process ({@link dev.pouch.it.cloud.PouchCli}) against the real test servers (S3Proxy, Azurite, the fake
 * GCS server) reached only through each cloud's environment conventions ({@link dev.pouch.it.cloud.CloudTarget});
 * failures the user must understand from one line (missing bucket, bad credentials, unreachable endpoint); backups
 * through a storage that fails at random on the real S3 SDK path; unfinished multipart uploads of a killed process
 * swept by the next {@code prune}; and what prune does with objects under retention.
 *
 * <p>Figures that are not assertions (how long an unreachable endpoint took to fail) go to
 * {@code target/cloud/*.txt}.
 */
package dev.pouch.it.cloud;
