package dev.pouch.it.servers;

import dev.pouch.it.servers.FakeGcsStore.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@code multipart/related} upload body: JSON metadata, then the media. */
record MultipartRelated(byte[] metadata, byte[] media) {
  static MultipartRelated parse(String contentType, byte[] body) throws Refusal {
    String boundary = null;
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.startsWith("boundary=")) {
        boundary = p.substring("boundary=".length()).replace("\"", "");
      }
    }
    if (boundary == null) {
      throw new Refusal(400, "invalid", "multipart upload without boundary");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // closing delimiter
      }
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
      int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
      if (headersEnd < 0 || next < 0) {
        throw new Refusal(400, "invalid", "malformed multipart body");
      }
      byte[] part = new byte[next - (headersEnd + 4)];
      System.arraycopy(body, headersEnd + 4, part, 0, part.length);
      parts.add(part);
      at = next + 2;
    }
    if (parts.size() != 2) {
      throw new Refusal(400, "invalid", "multipart upload needs 2 parts, got " + parts.size());
    }
    return new MultipartRelated(parts.get(0), parts.get(1));
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
