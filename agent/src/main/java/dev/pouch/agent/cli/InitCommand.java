package dev.pouch.agent.cli;

import dev.pouch.agent.repository.Repository;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.StorageBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create a new encrypted repository.")
final class InitCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = "--compression", defaultValue = "zstd", description = "zstd or none (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(names = "--compression-level", defaultValue = "3", description = "zstd level 1-19 (default: "
      + "${DEFAULT-VALUE}).")
  int compressionLevel;

  @Option(names = "--pack-size-mib", defaultValue = "16", description = "Target pack size (default: ${DEFAULT-VALUE}).")
  int packSizeMib;

  @Option(names = "--key-label", description = "A label for the first key (default: user@host).")
  String keyLabel;

  @Option(names = "--copy-of", paramLabel = "URL", description = "Create a copy target of the repository at URL: "
      + "same keys and passwords (give the primary's password), so 'pouch copy' moves data without re-encrypting. "
      + "Compression and pack options come from the primary.")
  String copyOf;

  @Option(names = "--insecure-fast-kdf", hidden = true, description = "Tiny Argon2id parameters, for tests only.")
  boolean fastKdf;

  InitCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (copyOf != null) {
      return initCopy();
    }
    String url = repository.url(ctx);
    char[] password = repository.passwordFile != null || ctx.env("POUCH_PASSWORD") != null
        ? Passwords.current(ctx, repository.passwordFile)
        : Passwords.fresh(ctx, null, "POUCH_PASSWORD", "--password-file");
    String label = keyLabel != null ? keyLabel : Hosts.user() + "@" + Hosts.name();
    Repository.InitOptions options = new Repository.InitOptions(
        fastKdf ? Argon2idParams.forTests() : Argon2idParams.defaults(), compression, compressionLevel,
        packSizeMib * 1024 * 1024, label);
    try (StorageBackend backend = Backends.openForInit(url, ctx.env(), repository.storage)) {
      Repository repo = Repository.init(backend, password, options, ctx.clock(), ctx.random());
      if (output.json) {
        output.printJson(ctx, Map.of("id", repo.config().id(), "repository", backend.describe()));
      } else {
        ctx.out().println("created repository " + repo.config().id().substring(0, 8) + " at " + backend.describe());
        ctx.out().println("keep the password safe: without it the data cannot be recovered");
      }
    }
    return ExitCodes.OK;
  }

  private int initCopy() throws Exception {
    String url = repository.url(ctx);
    char[] password = Passwords.current(ctx, repository.passwordFile);
    try (StorageBackend primaryBackend = Backends.open(copyOf, ctx.env());
        StorageBackend backend = Backends.openForInit(url, ctx.env(), repository.storage)) {
      Repository primary = Repository.open(primaryBackend, password, ctx.clock(), ctx.random());
      Repository copy = Repository.initCopyOf(backend, primary);
      if (output.json) {
        output.printJson(ctx, Map.of("id", copy.config().id(), "repository", backend.describe(), "copyOf",
            primaryBackend.describe()));
      } else {
        ctx.out().println("created copy target " + copy.config().id().substring(0, 8) + " at " + backend.describe()
            + " sharing the keys and passwords of " + primaryBackend.describe());
        ctx.out().println("fill it with: pouch copy --from " + copyOf + " --to " + url);
      }
    }
    return ExitCodes.OK;
  }
}
