/**
 * A {@link dev.pouch.storage.StorageBackend} on a directory: a local disk or an NFS mount. Key {@code a/b/c} is the
 * file {@code <root>/a/b/c}; the root must exist, otherwise every operation fails with
 * {@link dev.pouch.storage.StorageException.ContainerMissing}.
 *
 * <p><b>Publishing.</b> A put writes {@code .tmp-<random>} next to its target, fsyncs it, then publishes it:
 * {@code rename(2)} for create-or-replace, {@code link(2)} plus unlinking the temporary for create-if-absent, and
 * fsyncs the directory. Readers therefore see the old blob, no blob, or the whole new one, never a partial file, and a
 * crash leaves at most a temporary, which listings skip and
 * {@link dev.pouch.storage.local.LocalStorageBackend#cleanStaleTemporaries} removes.
 *
 * <p><b>What NFS guarantees, and what this relies on.</b>
 * <ul>
 *   <li>{@code rename} within one directory is a single operation on the server and atomic: other clients see the
 *       old or the new file. The temporary always lives in the target's own directory, so a rename never crosses
 *       directories or filesystems.</li>
 *   <li>{@code link} is atomic on the server and fails if the name exists; it is the classic NFS-safe way to create
 *       a name exclusively ({@code O_EXCL} was not reliable before NFSv3, and {@code rename} always replaces). Over
 *       NFSv3 a lost reply makes the client retransmit, and the retransmission fails with "exists" although our
 *       link succeeded; the backend detects that by checking whether the name now refers to its own temporary's
 *       inode. NFSv4.1 sessions make the retransmission exactly-once anyway.</li>
 *   <li>{@code fsync} of a file sends NFS COMMIT, so the data is on the server's stable storage when put
 *       returns.</li>
 *   <li>Not guaranteed across clients: listings and stat see close-to-open consistency only, and attribute caching
 *       ({@code actimeo}) may hide a new or deleted blob from another client for a few seconds.</li>
 *   <li>A blob deleted while another client still has it open is renamed by that client to {@code .nfsXXXX}
 *       until closed; names starting with {@code .nfs} are reserved and never listed.</li>
 * </ul>
 *
 * <p><b>Filesystem limits the clouds lack.</b> A name cannot be a blob and a directory of keys at once
 * ({@code a/b} and {@code a/b/c}); such a put is rejected. Key segments starting with {@code .tmp-} or {@code .nfs}
 * are reserved. A segment longer than the filesystem's name limit (255 bytes on most) is rejected. On a
 * case-insensitive filesystem keys differing only in case collide; pouch repositories are served from Linux.
 * {@code create-if-absent} needs hard links (vfat and exFAT lack them; such a put is rejected).
 *
 * <p><b>Symbolic links.</b> A repository holds none of its own, so one below the root was planted or made by hand:
 * no operation follows it (it could lead outside the root, or loop). Each, list included, fails with
 * {@link dev.pouch.storage.StorageException.Rejected} naming the link rather than skipping it, since skipping would
 * hide blobs a user moved elsewhere and linked back. The root itself, and the path to it, may be links.
 */
package dev.pouch.storage.local;
