package dev.pouch.agent.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named jobs with their next due times. {@link #due(Instant)} hands out every job whose time has come and moves it
 * to its next time after {@code now}, so runs missed while the caller was busy (or the machine asleep) collapse into
 * one run instead of a burst. Not thread-safe: one loop owns it.
 *
 * @param <J> what identifies a job
 */
public final class Scheduler<J> {

  private final Clock clock;
  private final Map<J, Entry> jobs = new LinkedHashMap<>();

  private static final class Entry {
    final Schedule schedule;
    Instant next;

    Entry(Schedule schedule, Instant next) {
      this.schedule = schedule;
      this.next = next;
    }
  }

  public Scheduler(Clock clock) {
    this.clock = clock;
  }

  /** Adds a job; its first run is the schedule's first time after now. */
  public void add(J job, Schedule schedule) {
    jobs.put(job, new Entry(schedule, schedule.nextAfter(clock.instant())));
  }

  /** The jobs due at {@code now}, in the order they were added; each is rescheduled after {@code now}. */
  public List<J> due(Instant now) {
    List<J> due = new ArrayList<>();
    for (Map.Entry<J, Entry> e : jobs.entrySet()) {
      if (!e.getValue().next.isAfter(now)) {
        due.add(e.getKey());
        e.getValue().next = e.getValue().schedule.nextAfter(now);
      }
    }
    return due;
  }

  /** When the next job is due, or empty when there are no jobs. */
  public Optional<Instant> nextDue() {
    return jobs.values().stream().map(e -> e.next).min(Instant::compareTo);
  }

  /** When one job is due next. */
  public Optional<Instant> nextDue(J job) {
    Entry e = jobs.get(job);
    return e == null ? Optional.empty() : Optional.of(e.next);
  }
}
