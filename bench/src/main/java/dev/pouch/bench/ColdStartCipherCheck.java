package dev.pouch.bench;

import dev.pouch.bench.dataset.Mix;
import dev.pouch.bench.dataset.WombatDataSet;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.AeadContext;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.SymmetricKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals (or opens) 1 GiB in 1 MiB messages through crypto's {@link Aead} in the JVM it starts in, and prints the
 * throughput of every second of wall time. Run it in a fresh JVM: the point is the first seconds, where AES-GCM
 * stays off its intrinsic when the cipher is fed large buffers (perf-notes.md). A flat line from second 1 shows that
 * {@code Aead} slices its input.
 *
 * <p>{@code jce-one-call} is the control: plain JCE AES-GCM with one {@code doFinal} per 1 MiB message, the pattern
 * perf-notes.md warns about, measured the same way on the same machine. {@code jce-sliced} feeds plain JCE in
 * slices of {@code sliceKiB} (default 64), to see how the slice size moves the warm-up.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.pouch.bench.ColdStartCipherCheck
 * [seal|open|jce-one-call|jce-sliced] [GiB] [sliceKiB]}
 */
public final class ColdStartCipherCheck {

  private static final int MESSAGE_BYTES = 1 << 20;

  private ColdStartCipherCheck() {}

  public static void main(String[] args) throws GeneralSecurityException, IntegrityException {
    long jvmStartMillis = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
    String mode = args.length > 0 ? args[0] : "seal";
    if (!List.of("seal", "open", "jce-one-call", "jce-sliced").contains(mode)) {
      throw new IllegalArgumentException("mode must be seal, open, jce-one-call or jce-sliced, got " + mode);
    }
    boolean open = mode.equals("open");
    boolean control = mode.startsWith("jce-");
    int slice = mode.equals("jce-sliced") ? (args.length > 2 ? Integer.parseInt(args[2]) : 64) << 10 : MESSAGE_BYTES;
    long total = (args.length > 1 ? Long.parseLong(args[1]) : 1) << 30;
    Aead aead = Aead.of(SymmetricKey.random(new SecureRandom()));
    AeadContext context = new AeadContext("chunk", "cold-start-check", 1);
    byte[] plain = WombatDataSet.sample(MESSAGE_BYTES, Mix.MIXED, 1);
    byte[] sealed = open ? aead.seal(plain, context) : null;
    byte[] keyBytes = new byte[32];
    new SecureRandom().nextBytes(keyBytes);
    SecretKeySpec jceKey = new SecretKeySpec(keyBytes, "AES");
    Cipher jce = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = new byte[12];
    System.out.printf(Locale.ROOT, "%s %d MiB in %d KiB messages%s, %s, JVM up %d ms before the first call%n",
        mode, total >> 20, MESSAGE_BYTES >> 10, control ? " (" + (slice >> 10) + " KiB per cipher call)" : "", Runtime.version(),
        jvmStartMillis < 0 ? -1 : System.currentTimeMillis() - jvmStartMillis);
    long start = System.nanoTime();
    long windowStart = start;
    long windowBytes = 0;
    int second = 1;
    long sink = 0;
    for (long done = 0; done < total; done += MESSAGE_BYTES) {
      byte[] result;
      if (control) {
        ByteBuffer.wrap(nonce).putLong(done);
        jce.init(Cipher.ENCRYPT_MODE, jceKey, new GCMParameterSpec(128, nonce));
        result = new byte[MESSAGE_BYTES + 16];
        int written = 0;
        for (int from = 0; from < MESSAGE_BYTES; from += slice) {
          written += jce.update(plain, from, Math.min(slice, MESSAGE_BYTES - from), result, written);
        }
        jce.doFinal(result, written);
      } else {
        result = open ? aead.open(sealed, context) : aead.seal(plain, context);
      }
      sink += result[result.length - 1];
      windowBytes += MESSAGE_BYTES;
      long now = System.nanoTime();
      if (now - windowStart >= 1_000_000_000L) {
        System.out.printf(Locale.ROOT, "s%d %.0f MB/s%n", second++, windowBytes / ((now - windowStart) / 1e9) / 1e6);
        windowStart = now;
        windowBytes = 0;
      }
    }
    long end = System.nanoTime();
    if (windowBytes > 0) {
      System.out.printf(Locale.ROOT, "s%d (partial, %.2f s) %.0f MB/s%n", second, (end - windowStart) / 1e9,
          windowBytes / ((end - windowStart) / 1e9) / 1e6);
    }
    System.out.printf(Locale.ROOT, "total %.2f s, %.0f MB/s average (checksum %d)%n", (end - start) / 1e9,
        total / ((end - start) / 1e9) / 1e6, sink);
  }
}
