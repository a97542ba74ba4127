/**
 * Keys, authenticated encryption, content ids and password-based key wrapping for pouch. Knows nothing of storage or
 * Wombat.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@link dev.pouch.crypto.SymmetricKey}: 32 secret bytes.</li>
 *   <li>{@link dev.pouch.crypto.Aead}: AES-256-GCM; {@code seal}/{@code open} with an
 *       {@link dev.pouch.crypto.AeadContext} (type, id, key epoch) as the authenticated data. Callers never see
 *       nonces.</li>
 *   <li>{@link dev.pouch.crypto.MasterKey}: one per repository, stored only wrapped.</li>
 *   <li>{@link dev.pouch.crypto.KeyFile}: one password's Argon2id wrapping of the master key.</li>
 *   <li>{@link dev.pouch.crypto.Keyring}: the data key of each key epoch plus the content-id key; serialized and
 *       sealed under the master key by the agent.</li>
 *   <li>Key epoch: the generation of the data key. Key files use epoch 0; data epochs start at 1.</li>
 *   <li>{@link dev.pouch.crypto.ContentIdKey}: HMAC-SHA256 content ids.</li>
 * </ul>
 *
 * <h2>Guaranteed</h2>
 * <ul>
 *   <li>Confidentiality and integrity of each sealed message: any change to the nonce, ciphertext or tag, any
 *       truncation or extension, and opening under another key or another context fails with
 *       {@link dev.pouch.crypto.IntegrityException}. Plaintext is returned only after the tag matched.</li>
 *   <li>A ciphertext moved to another object id, object type or key epoch fails authentication.</li>
 *   <li>Malformed or hostile serialized key files and keyrings fail with {@code IntegrityException}, with allocations
 *       bounded by the input size and Argon2id cost bounded by {@link dev.pouch.crypto.Argon2idParams}'s limits.</li>
 *   <li>Keys and passwords never appear in {@code toString} or exception messages.</li>
 *   <li>Every public class is thread-safe.</li>
 * </ul>
 *
 * <h2>Not guaranteed</h2>
 * <ul>
 *   <li>No nonce-misuse resistance. Nonces are 96 random bits per seal; by the birthday bound, q seals under one key
 *       repeat a nonce with probability about q^2 / 2^97, so NIST SP 800-38D caps random-nonce use at 2^32 seals per
 *       key (collision chance below 2^-32). A repeated nonce leaks the XOR of two plaintexts and lets an attacker forge
 *       messages under that key. Nothing here counts seals: key epochs are the remedy, since each
 *       {@link dev.pouch.crypto.Keyring#rotate} starts a fresh key with a fresh budget. With ~1 MiB chunks, 2^32
 *       seals is about 4 PiB per epoch; many small objects use the budget faster.</li>
 *   <li>No freshness: context binds what an object is, not which version of it. Whoever controls storage can serve an
 *       older, once-valid object under the same id, type and epoch, or delete objects. Detecting rollback is the job
 *       of the repository layer (e.g. snapshots naming what they reference).</li>
 *   <li>Lengths are not hidden (sealed = plaintext + 28 bytes), and content ids reveal which chunks are equal.</li>
 *   <li>GCM is not key-committing: a ciphertext can be crafted to open under two chosen keys. Each object here is
 *       opened with the one key its context names, which makes this harmless for pouch's use.</li>
 *   <li>Key files: {@code created} and {@code label} are not authenticated; a wrong password and a damaged key file
 *       are indistinguishable. Argon2id runs single-threaded in BouncyCastle whatever the parallelism.</li>
 *   <li>Zeroing secrets is best effort: the JVM and JCE make copies (e.g. inside {@code SecretKeySpec} and cached
 *       cipher objects) that this code cannot reach.</li>
 *   <li>Side channels are those of the JDK's AES and GHASH intrinsics (constant-time with AES-NI and carry-less
 *       multiply); tag comparison is constant-time.</li>
 * </ul>
 */
package dev.pouch.crypto;
