package dev.pouch.agent.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many independent reads (snapshots, index objects, pack headers, packs to copy) on a few threads, because
 * their time is mostly request latency (tens of milliseconds each from a cloud store). The pool lives for one call.
 */
public final class ParallelReads {

  /** One read. */
  public interface Read<I, O> {
    O apply(I input) throws IOException;
  }

  /** What {@link #inOrder} hands on for each input. */
  public interface Each<I, O> {
    void accept(I input, Outcome<O> outcome) throws IOException;
  }

  /** A read's result, or its failure thrown as it was. */
  public interface Outcome<O> {
    O get() throws IOException;
  }

  /** Reads in flight in a walk over many small objects of a store (snapshots, index objects, WAL pieces). */
  public static final int READ_AHEAD = 8;

  private ParallelReads() {}

  /**
   * Reads with up to {@code threads} reads in flight and hands each outcome to {@code each} in input order, on the
   * calling thread; at most {@code threads} results wait ahead of it, so memory stays bounded however many inputs
   * there are. A failed read fails only when {@code each} asks for its result; a failure of {@code each} stops the
   * reads not yet started.
   */
  public static <I, O> void inOrder(List<I> inputs, int threads, Read<I, O> read, Each<I, O> each)
      throws IOException {
    if (inputs.size() <= 1 || threads <= 1) {
      for (I input : inputs) {
        each.accept(input, () -> read.apply(input));
      }
      return;
    }
    ExecutorService pool = newPool(Math.min(threads, inputs.size()));
    try {
      ArrayDeque<Future<O>> ahead = new ArrayDeque<>();
      int next = 0;
      for (I input : inputs) {
        while (next < inputs.size() && ahead.size() < threads) {
          I in = inputs.get(next++);
          ahead.add(pool.submit(() -> read.apply(in)));
        }
        Future<O> result = ahead.poll();
        each.accept(input, () -> resultOf(result));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Results in input order; the first failure (in input order) is thrown after the others were cancelled. */
  public static <I, O> List<O> map(List<I> inputs, int threads, Read<I, O> read) throws IOException {
    if (inputs.size() <= 1 || threads <= 1) {
      List<O> out = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        out.add(read.apply(input));
      }
      return out;
    }
    ExecutorService pool = newPool(Math.min(threads, inputs.size()));
    try {
      List<Future<O>> futures = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        futures.add(pool.submit(() -> read.apply(input)));
      }
      List<O> out = new ArrayList<>(inputs.size());
      for (Future<O> f : futures) {
        out.add(resultOf(f));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ExecutorService newPool(int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "pouch-read");
      t.setDaemon(true);
      return t;
    });
  }

  /** The read's result, or its failure as itself. */
  private static <O> O resultOf(Future<O> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading");
    } catch (ExecutionException e) {
      throw FirstFailure.rethrow(e.getCause());
    }
  }
}
