package dev.pouch.agent.restore;

import java.nio.file.Path;

/**
 * What to restore where.
 *
 * @param force restore into a non-empty target, replacing files the snapshot names
 */
public record RestoreRequest(String snapshot, Path target, boolean force, int threads) {
  public static RestoreRequest of(String snapshot, Path target) {
    return new RestoreRequest(snapshot, target, false, Runtime.getRuntime().availableProcessors());
  }
}
