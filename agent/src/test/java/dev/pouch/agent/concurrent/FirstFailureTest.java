package dev.pouch.agent.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FirstFailureTest {

  @Test
  void keepsTheFirstFailureAndRethrowsItAsItWas() throws Exception {
    FirstFailure failure = new FirstFailure();
    failure.rethrow(); // nothing kept: nothing thrown
    assertThat(failure.happened()).isFalse();

    IOException first = new IOException("disk gone");
    failure.record(first);
    failure.record(new IllegalStateException("later"));

    assertThat(failure.happened()).isTrue();
    assertThatThrownBy(failure::rethrow).isSameAs(first);
  }

  @Test
  void errorsAndUncheckedExceptionsAreThrownThemselvesOtherThrowablesWrapped() {
    FirstFailure error = new FirstFailure();
    OutOfMemoryError oom = new OutOfMemoryError("heap");
    error.record(oom);
    assertThatThrownBy(error::rethrow).isSameAs(oom);

    FirstFailure unchecked = new FirstFailure();
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    unchecked.record(bad);
    assertThatThrownBy(unchecked::rethrow).isSameAs(bad);

    FirstFailure checked = new FirstFailure();
    Exception other = new Exception("checked");
    checked.record(other);
    assertThatThrownBy(checked::rethrow).isInstanceOf(IllegalStateException.class).hasCause(other);
  }
}
