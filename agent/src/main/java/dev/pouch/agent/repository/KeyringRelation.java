package dev.pouch.agent.repository;

import dev.pouch.crypto.AeadContext;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How two keyrings relate, found without exposing a key: a probe sealed under one epoch's key is opened with the
 * other's, and both content-ID keys hash the same probe. Repositories whose keyrings share content IDs and agree on
 * every common epoch can exchange packs, index objects and snapshots byte for byte.
 *
 * @param sameContentIds both produce the same chunk, index and snapshot ids
 * @param agreeing epochs both hold with the same key
 * @param conflicting epochs both hold with different keys
 * @param onlyFirst epochs only the first keyring holds
 * @param onlySecond epochs only the second keyring holds
 */
public record KeyringRelation(boolean sameContentIds, SortedSet<Integer> agreeing, SortedSet<Integer> conflicting,
    SortedSet<Integer> onlyFirst, SortedSet<Integer> onlySecond) {

  private static final byte[] PROBE = "pouch keyring probe".getBytes(StandardCharsets.US_ASCII);

  public static KeyringRelation of(Keyring first, Keyring second) {
    boolean sameIds = MessageDigest.isEqual(first.contentIdKey().id(PROBE), second.contentIdKey().id(PROBE));
    SortedSet<Integer> agreeing = new TreeSet<>();
    SortedSet<Integer> conflicting = new TreeSet<>();
    SortedSet<Integer> onlyFirst = new TreeSet<>(first.epochs());
    onlyFirst.removeAll(second.epochs());
    SortedSet<Integer> onlySecond = new TreeSet<>(second.epochs());
    onlySecond.removeAll(first.epochs());
    for (int epoch : first.epochs()) {
      if (!second.epochs().contains(epoch)) {
        continue;
      }
      AeadContext context = new AeadContext("keyring-probe", "", epoch);
      try {
        second.aead(epoch).open(first.aead(epoch).seal(PROBE, context), context);
        agreeing.add(epoch);
      } catch (IntegrityException e) {
        conflicting.add(epoch);
      }
    }
    return new KeyringRelation(sameIds, agreeing, conflicting, onlyFirst, onlySecond);
  }

  /** True when everything sealed under the first keyring opens with the second. */
  public boolean secondCanOpenFirst() {
    return sameContentIds && conflicting.isEmpty() && onlyFirst.isEmpty();
  }

  public KeyringRelation {
    agreeing = new TreeSet<>(agreeing);
    conflicting = new TreeSet<>(conflicting);
    onlyFirst = new TreeSet<>(onlyFirst);
    onlySecond = new TreeSet<>(onlySecond);
  }
}
