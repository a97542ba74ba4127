package dev.pouch.wombat.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import dev.pouch.wombat.state.RestoreCheckOptions;
import dev.pouch.wombat.state.RestoreCheckReport;
import dev.pouch.wombat.state.WombatRestoreCheck;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import dev.pouch.wombat.vlog.VlogScanner;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GenerateTest {
  private static final long TARGET = 6L << 20;

  @TempDir
  Path root;

  /** Bytes of data per kind: SST sizes, WAL validated ends, value-log logical ends. */
  private static Map<FileKind, Long> dataBytes(Path dir) throws Exception {
    Map<FileKind, Long> out = new EnumMap<>(FileKind.class);
    for (WombatFile f : WombatDirectory.withDefaultRules().classify(dir).files()) {
      ByteSource bytes = ByteSource.of(Files.readAllBytes(f.path()));
      long n = switch (f.kind()) {
        case WAL -> WalScanner.scan(bytes, WalScanOptions.of(ValuePointerResolver.acceptAll())).end();
        case VLOG -> VlogScanner.scan(bytes).end();
        default -> bytes.length();
      };
      out.merge(f.kind(), n, Long::sum);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Mix.class)
  void generatesAValidDirectoryOfTheRequestedShape(Mix mix) throws Exception {
    Path dir = root.resolve(mix.name());
    GenerateResult result = WombatSimulator.generate(dir, TARGET, mix);
    assertThat(result.bytesWritten()).isGreaterThanOrEqualTo(TARGET);
    assertThat(result.files()).isNotEmpty();
    Map<FileKind, Long> data = dataBytes(dir);
    long total = data.values().stream().mapToLong(Long::longValue).sum();
    FileKind dominant = switch (mix) {
      case SST_HEAVY -> FileKind.SST;
      case VLOG_HEAVY -> FileKind.VLOG;
      case WAL_HEAVY -> FileKind.WAL;
      case BALANCED -> null;
    };
    if (dominant != null) {
      assertThat(data.getOrDefault(dominant, 0L)).as("%s in %s", dominant, data).isGreaterThan(total / 2);
    } else {
      assertThat(data).containsKeys(FileKind.SST, FileKind.WAL, FileKind.VLOG, FileKind.MANIFEST);
    }
    RestoreCheckReport report = WombatRestoreCheck.check(dir, dir, RestoreCheckOptions.forLiveDirectory());
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void sameSeedGeneratesTheSameFiles() throws Exception {
    GenerateResult a = WombatSimulator.generate(root.resolve("a"), 1 << 20, Mix.BALANCED, 5);
    GenerateResult b = WombatSimulator.generate(root.resolve("b"), 1 << 20, Mix.BALANCED, 5);
    assertThat(a.files()).hasSameSizeAs(b.files());
    for (int i = 0; i < a.files().size(); i++) {
      assertThat(Files.readAllBytes(b.files().get(i))).isEqualTo(Files.readAllBytes(a.files().get(i)));
    }
  }
}
