package dev.pouch.agent.throttle;

/** Told, once per tick of a backup's reads, how fast they went and under which limit (for metrics). */
@FunctionalInterface
public interface ThrottleObserver {

  ThrottleObserver NONE = (readBytesPerSecond, limitBytesPerSecond) -> {};

  /**
   * @param readBytesPerSecond source bytes read per second over the last interval
   * @param limitBytesPerSecond the limit in force now, or {@link ReadThrottle#UNLIMITED}
   */
  void observe(double readBytesPerSecond, long limitBytesPerSecond);
}
