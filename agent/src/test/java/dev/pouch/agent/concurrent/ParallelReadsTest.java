package dev.pouch.agent.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelReadsTest {

  final List<Integer> inputs = IntStream.range(0, 40).boxed().toList();
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();

  /** A read that takes a random few milliseconds and counts how many run at once. */
  Integer slowSquare(Integer i) throws IOException {
    started.incrementAndGet();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(3));
      return i * i;
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Test
  void inOrderHandsResultsOnInInputOrderWithSeveralReadsInFlightButNoMoreThanAsked() throws IOException {
    List<Integer> seen = new ArrayList<>();
    AtomicInteger mostAhead = new AtomicInteger();
    ParallelReads.inOrder(inputs, 4, this::slowSquare, (input, outcome) -> {
      mostAhead.accumulateAndGet(started.get() - seen.size(), Math::max);
      assertThat(outcome.get()).isEqualTo(input * input);
      assertThat(Thread.currentThread().getName()).isNotEqualTo("pouch-read");
      seen.add(input);
    });
    assertThat(seen).isEqualTo(inputs);
    assertThat(mostInFlight.get()).isBetween(2, 4);
    assertThat(mostAhead.get()).as("results read ahead of the consumer").isLessThanOrEqualTo(4);
  }

  @Test
  void readsOverlapRatherThanRunOneAfterTheOther() throws IOException {
    // Every read waits until four have started: one at a time would never get past the first.
    CountDownLatch four = new CountDownLatch(4);
    List<Integer> seen = new ArrayList<>();
    ParallelReads.inOrder(inputs.subList(0, 4), 4, i -> {
      four.countDown();
      try {
        if (!four.await(10, TimeUnit.SECONDS)) {
          throw new IOException("reads did not overlap");
        }
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      }
      return i;
    }, (input, outcome) -> seen.add(outcome.get()));
    assertThat(seen).containsExactly(0, 1, 2, 3);
  }

  @Test
  void aFailedReadFailsWhenItsTurnComesAndTheOthersStillArrive() throws IOException {
    List<Integer> seen = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    ParallelReads.inOrder(inputs, 4, i -> {
      if (i == 7) {
        throw new IOException("object 7 is gone");
      }
      return i;
    }, (input, outcome) -> {
      try {
        seen.add(outcome.get());
      } catch (IOException e) {
        failures.add(input + ": " + e.getMessage());
      }
    });
    assertThat(failures).containsExactly("7: object 7 is gone");
    assertThat(seen).hasSize(39).doesNotContain(7);
  }

  @Test
  void aFailureOfTheConsumerStopsTheReadsNotYetStarted() {
    assertThatThrownBy(() -> ParallelReads.inOrder(inputs, 4, this::slowSquare, (input, outcome) -> {
      if (input == 5) {
        throw new IOException("consumer gave up");
      }
      outcome.get();
    })).hasMessage("consumer gave up");
    assertThat(started.get()).isLessThanOrEqualTo(5 + 4 + 1);
  }
}
