package dev.pouch.agent.restore;

import java.nio.file.Path;

/**
 * What to restore where.
 *
 * @param force restore into a non-empty target, replacing files the snapshot names
 * @param verify check a restored Wombat directory by meaning against the snapshot's capture proof
 * @param raw keep a Wombat snapshot's files exactly as captured instead of preparing them for Wombat to open
 *     ({@link WombatLayout}); a raw restore is not verified by meaning
 */
public record RestoreRequest(String snapshot, Path target, boolean force, int threads, boolean verify, boolean raw) {

  public RestoreRequest(String snapshot, Path target, boolean force, int threads) {
    this(snapshot, target, force, threads, true, false);
  }

  public RestoreRequest(String snapshot, Path target, boolean force, int threads, boolean verify) {
    this(snapshot, target, force, threads, verify, false);
  }

  public static RestoreRequest of(String snapshot, Path target) {
    return new RestoreRequest(snapshot, target, false, Runtime.getRuntime().availableProcessors(), true, false);
  }
}
