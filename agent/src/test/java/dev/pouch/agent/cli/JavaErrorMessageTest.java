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

  @Test
  void aNativeLibraryThatCannotBeUnpackedNamesTheTemporaryDirectoryAndTheFix() {
    // what zstd-jni throws from its static initialiser when java.io.tmpdir is missing, full or read-only
    Error error = new ExceptionInInitializerError("Cannot unpack libzstd-jni-1.5.7-28: No such file or directory");
    assertThat(Main.message(error)).isEqualTo("cannot unpack the zstd library into the temporary directory "
        + System.getProperty("java.io.tmpdir") + " (No such file or directory)");
    assertThat(ExitCodes.hint(new RuntimeException("wrapped", error))).startsWith("set TMPDIR to a writable directory");
    assertThat(ExitCodes.hint(new UnsatisfiedLinkError("x"))).contains("this is a bug");
  }
}
