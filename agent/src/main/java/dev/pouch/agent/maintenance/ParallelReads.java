package dev.pouch.agent.maintenance;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many independent reads (snapshots, index objects, pack headers, packs to copy) on a few threads, because
 * their time is mostly request latency. The pool lives for one call.
 */
public final class ParallelReads {

  /** One read. */
  public interface Read<I, O> {
    O apply(I input) throws IOException;
  }

  private ParallelReads() {}

  /** Results in input order; the first failure (in input order) is thrown after the others were cancelled. */
  public static <I, O> List<O> map(List<I> inputs, int threads, Read<I, O> read) throws IOException {
    if (inputs.size() <= 1 || threads <= 1) {
      List<O> out = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        out.add(read.apply(input));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, inputs.size()), r -> {
      Thread t = new Thread(r, "pouch-read");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<O>> futures = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        futures.add(pool.submit(() -> read.apply(input)));
      }
      List<O> out = new ArrayList<>(inputs.size());
      for (Future<O> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error error) {
        throw error; // out of memory must reach the CLI as itself, with its hint, not as "read failed"
      }
      throw new IllegalStateException("read failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
