package dev.pouch.it.servers;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The state behind {@link FakeGcsServer}: buckets of objects with generations, resumable upload sessions, and GCS's
 * precondition rules. Thread-safe: every method holds the store's lock.
 */
final class FakeGcsStore {

  /** A stored object version. {@code data} is never modified after creation. */
  record StoredObject(String bucket, String name, byte[] data, long generation, long metageneration,
      String contentType, Instant created) {

    String md5() {
      try {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    String crc32c() {
      CRC32C crc = new CRC32C();
      crc.update(data);
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
  }

  /** Preconditions of a request; null fields are absent. */
  record Preconditions(Long ifGenerationMatch, Long ifGenerationNotMatch, Long ifMetagenerationMatch) {
    static final Preconditions NONE = new Preconditions(null, null, null);

    boolean holdFor(StoredObject current) {
      long generation = current == null ? 0 : current.generation();
      if (ifGenerationMatch != null && ifGenerationMatch != generation) {
        return false;
      }
      if (ifGenerationNotMatch != null && ifGenerationNotMatch == generation) {
        return false;
      }
      return ifMetagenerationMatch == null || (current != null && current.metageneration() == ifMetagenerationMatch);
    }
  }

  /** A resumable upload session. */
  static final class Session {
    final String id = UUID.randomUUID().toString().replace("-", "");
    final String bucket;
    final String name;
    final String contentType;
    final Preconditions preconditions;
    byte[] received = new byte[0];
    StoredObject result;

    Session(String bucket, String name, String contentType, Preconditions preconditions) {
      this.bucket = bucket;
      this.name = name;
      this.contentType = contentType;
      this.preconditions = preconditions;
    }

    long committed() {
      return received.length;
    }
  }

  /** Why a store operation was refused, as GCS would say it. */
  static final class Refusal extends Exception {
    final int status;
    final String reason;

    Refusal(int status, String reason, String message) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
    }

    static Refusal noBucket() {
      return new Refusal(404, "notFound", "The specified bucket does not exist.");
    }

    static Refusal noObject(String bucket, String name) {
      return new Refusal(404, "notFound", "No such object: " + bucket + "/" + name);
    }

    static Refusal preconditionFailed() {
      return new Refusal(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }
  }

  private final Map<String, NavigableMap<String, StoredObject>> buckets = new HashMap<>();
  private final Map<String, Instant> bucketCreated = new HashMap<>();
  private final Map<String, Session> sessions = new HashMap<>();
  private long nextGeneration = 1_700_000_000_000_000L; // GCS generations are microsecond timestamps

  synchronized boolean createBucket(String bucket, Instant now) {
    if (buckets.containsKey(bucket)) {
      return false;
    }
    buckets.put(bucket, new TreeMap<>());
    bucketCreated.put(bucket, now);
    return true;
  }

  synchronized Instant bucketCreated(String bucket) {
    return bucketCreated.get(bucket);
  }

  synchronized void deleteBucket(String bucket) throws Refusal {
    NavigableMap<String, StoredObject> objects = bucket(bucket);
    if (!objects.isEmpty()) {
      throw new Refusal(409, "conflict", "The bucket you tried to delete is not empty.");
    }
    buckets.remove(bucket);
    bucketCreated.remove(bucket);
  }

  synchronized StoredObject get(String bucket, String name) throws Refusal {
    StoredObject object = bucket(bucket).get(name);
    if (object == null) {
      throw Refusal.noObject(bucket, name);
    }
    return object;
  }

  synchronized StoredObject put(String bucket, String name, byte[] data, String contentType,
      Preconditions preconditions, Instant now) throws Refusal {
    NavigableMap<String, StoredObject> objects = bucket(bucket);
    if (!preconditions.holdFor(objects.get(name))) {
      throw Refusal.preconditionFailed();
    }
    StoredObject object = new StoredObject(bucket, name, data, nextGeneration++, 1,
        contentType == null ? "application/octet-stream" : contentType, now);
    objects.put(name, object);
    return object;
  }

  synchronized void delete(String bucket, String name, Preconditions preconditions) throws Refusal {
    NavigableMap<String, StoredObject> objects = bucket(bucket);
    StoredObject current = objects.get(name);
    if (current == null) {
      throw Refusal.noObject(bucket, name);
    }
    if (!preconditions.holdFor(current)) {
      throw Refusal.preconditionFailed();
    }
    objects.remove(name);
  }

  /**
   * One page of a listing: objects and (with a delimiter) common prefixes, in name order. {@code last} is the last
   * entry returned (an object name or a common prefix), from which the next page continues.
   */
  record ListPage(List<StoredObject> items, List<String> prefixes, String last, boolean more) {}

  synchronized ListPage list(String bucket, String prefix, String delimiter, int maxResults, String after)
      throws Refusal {
    NavigableMap<String, StoredObject> objects = bucket(bucket);
    String from = after != null && after.compareTo(prefix) > 0 ? after : prefix;
    List<StoredObject> items = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    for (Map.Entry<String, StoredObject> entry : objects.tailMap(from, from.equals(prefix)).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(prefix)) {
        break; // names with the prefix are contiguous in sorted order
      }
      int cut = delimiter == null || delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
      String key = cut < 0 ? name : name.substring(0, cut + delimiter.length());
      // an entry's key never sorts after its name, and keys are monotonic in name order
      if ((after != null && key.compareTo(after) <= 0) || key.equals(last)) {
        continue;
      }
      if (items.size() + prefixes.size() >= maxResults) {
        return new ListPage(items, prefixes, last, true);
      }
      if (cut < 0) {
        items.add(entry.getValue());
      } else {
        prefixes.add(key);
      }
      last = key;
    }
    return new ListPage(items, prefixes, last, false);
  }

  synchronized Session startSession(String bucket, String name, String contentType, Preconditions preconditions)
      throws Refusal {
    NavigableMap<String, StoredObject> objects = bucket(bucket);
    if (!preconditions.holdFor(objects.get(name))) {
      throw Refusal.preconditionFailed();
    }
    Session session = new Session(bucket, name, contentType, preconditions);
    sessions.put(session.id, session);
    return session;
  }

  synchronized Session session(String id) throws Refusal {
    Session session = sessions.get(id);
    if (session == null) {
      throw new Refusal(404, "notFound", "No such upload session: " + id);
    }
    return session;
  }

  /**
   * Appends {@code data}, sent for offset {@code first}, to the session; bytes it already has are skipped, as GCS
   * does for a resent range. {@code keep} limits how many new bytes are persisted (fault injection).
   */
  synchronized void append(Session session, long first, byte[] data, long keep) throws Refusal {
    long committed = session.committed();
    if (first > committed) {
      throw new Refusal(400, "invalid", "Invalid request. According to the Content-Range header, the upload "
          + "offset is " + first + " byte(s), which exceeds already uploaded size of " + committed + " byte(s).");
    }
    int skip = (int) (committed - first);
    if (skip >= data.length) {
      return;
    }
    int count = (int) Math.min(data.length - skip, keep);
    byte[] merged = new byte[session.received.length + count];
    System.arraycopy(session.received, 0, merged, 0, session.received.length);
    System.arraycopy(data, skip, merged, session.received.length, count);
    session.received = merged;
  }

  /** Creates the object of a complete session, checking its preconditions again at this moment. */
  synchronized StoredObject finish(Session session, Instant now) throws Refusal {
    if (session.result != null) {
      return session.result;
    }
    StoredObject object = put(session.bucket, session.name, session.received, session.contentType,
        session.preconditions, now);
    session.result = object;
    return object;
  }

  private NavigableMap<String, StoredObject> bucket(String bucket) throws Refusal {
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      throw Refusal.noBucket();
    }
    return objects;
  }
}
