package dev.pouch.agent.cli;

import dev.pouch.agent.concurrent.FirstFailure;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.StorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --repo} and {@code --password-file}, shared by every command that opens a repository, with the
 * {@link StorageOptions} of how to reach its storage.
 */
final class RepositoryOptions {

  @Mixin StorageOptions storage = new StorageOptions();

  @Option(names = {"-r", "--repo"}, paramLabel = "URL",
      description = "Repository: a path, file:/path, s3://bucket/prefix, gs://bucket/prefix or "
          + "azure://container/prefix (default: $POUCH_REPOSITORY).")
  String repo;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the repository password from the first line of FILE (default: $POUCH_PASSWORD, or ask).")
  Path passwordFile;

  String url(Context ctx) {
    String url = repo != null ? repo : ctx.env("POUCH_REPOSITORY");
    if (url == null) {
      throw new UsageException("no repository: pass --repo URL or set POUCH_REPOSITORY");
    }
    return url;
  }

  StorageBackend backend(Context ctx) throws IOException {
    return Backends.open(url(ctx), ctx.env(), storage);
  }

  /** For {@code init}: a local directory is created if missing. */
  StorageBackend backendForInit(Context ctx) throws IOException {
    return Backends.openForInit(url(ctx), ctx.env(), storage);
  }

  Repository open(Context ctx, StorageBackend backend) throws IOException {
    return Repository.open(backend, Passwords.current(ctx, passwordFile), ctx.clock(), ctx.random());
  }

  /**
   * Opens the repository on a second thread while this one does {@code meanwhile}: the key derivation (Argon2id, about
   * half a second of one core) then overlaps work that needs nothing from the repository. The password is read (or
   * asked for) first, on this thread; an error of the opening is thrown as {@link #open} throws it.
   */
  Repository openWhile(Context ctx, StorageBackend backend, Runnable meanwhile) throws IOException {
    char[] password = Passwords.current(ctx, passwordFile);
    java.util.concurrent.FutureTask<Repository> opening = new java.util.concurrent.FutureTask<>(
        () -> Repository.open(backend, password, ctx.clock(), ctx.random()));
    Thread.ofPlatform().name("pouch-open").daemon().start(opening);
    meanwhile.run();
    try {
      return opening.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while opening the repository");
    } catch (java.util.concurrent.ExecutionException e) {
      throw FirstFailure.rethrow(e.getCause());
    }
  }
}
