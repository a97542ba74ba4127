package dev.pouch.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Aborts the HTTP exchange when closed before the end, instead of draining the rest of a large object. */
final class S3ObjectStream extends FilterInputStream {
  private final ResponseInputStream<GetObjectResponse> response;
  private boolean ended;

  S3ObjectStream(ResponseInputStream<GetObjectResponse> response) {
    super(response);
    this.response = response;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    ended |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    ended |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!ended) {
      response.abort();
    }
    super.close();
  }
}
