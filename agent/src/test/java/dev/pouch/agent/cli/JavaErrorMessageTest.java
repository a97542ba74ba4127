package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A Java Error reaching the CLI (out of memory, a native library that would not load) is one readable line. */
class JavaErrorMessageTest {

  @Test
  void outOfMemoryNamesTheHeap() {
    String line = Main.message(new OutOfMemoryError("Java heap space"));
    assertThat(line).startsWith("out of memory (").contains(" MiB heap): Java heap space");
    assertThat(ExitCodes.hint(new OutOfMemoryError())).contains("POUCH_JAVA_OPTS=-Xmx1g");
    assertThat(ExitCodes.of(new OutOfMemoryError())).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void otherErrorsAreInternalWithTheirTypeAndFirstLine() {
    String line = Main.message(new UnsatisfiedLinkError("libzstd-jni.so: cannot open\nsecond line"));
    assertThat(line).isEqualTo("internal error: java.lang.UnsatisfiedLinkError: libzstd-jni.so: cannot open");
    assertThat(Main.message(new StackOverflowError())).isEqualTo("internal error: java.lang.StackOverflowError");
  }
}
