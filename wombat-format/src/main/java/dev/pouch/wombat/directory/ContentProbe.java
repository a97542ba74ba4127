package dev.pouch.wombat.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.LittleEndian;
import dev.pouch.wombat.manifest.ChangeType;
import dev.pouch.wombat.sst.SstFooter;
import dev.pouch.wombat.vlog.PointerCheck;
import dev.pouch.wombat.vlog.ValuePointer;
import dev.pouch.wombat.vlog.VlogRecordCodec;
import dev.pouch.wombat.wal.WalMeta;
import dev.pouch.wombat.wal.WalRecord;
import dev.pouch.wombat.wal.WalScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The content tests of §1, strongest first. */
final class ContentProbe {
  /** A MANIFEST larger than this is not probed as one. */
  static final long MAX_MANIFEST_PROBE = 16L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentProbe() {}

  static List<ContentMatch> probe(ByteSource file) throws IOException {
    List<ContentMatch> out = new ArrayList<>();
    long size = file.length();
    if (isSst(file)) {
      out.add(new ContentMatch(FileKind.SST, Evidence.STRONG));
    }
    if (size > 0 && size <= MAX_MANIFEST_PROBE && isManifest(file)) {
      out.add(new ContentMatch(FileKind.MANIFEST, Evidence.STRONG));
    }
    Evidence vlog = vlogEvidence(file);
    if (vlog != null) {
      out.add(new ContentMatch(FileKind.VLOG, vlog));
    }
    if (isPlausibleWal(file)) {
      out.add(new ContentMatch(FileKind.WAL, Evidence.WEAK));
    }
    return out;
  }

  static boolean isSst(ByteSource file) throws IOException {
    if (file.length() < 128) {
      return false;
    }
    byte[] head = file.read(file.length() - SstFooter.SIZE, 8);
    return LittleEndian.u32(head, 0) == SstFooter.MAGIC && LittleEndian.u32(head, 4) == SstFooter.VERSION;
  }

  static boolean isManifest(ByteSource file) throws IOException {
    if (file.read(0, 1)[0] != '{') {
      return false; // one byte decides for most files, before reading up to 16 MiB
    }
    byte[] content = file.read(0, (int) file.length());
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
    } catch (CharacterCodingException e) {
      return false;
    }
    int start = 0;
    boolean firstChecked = false;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') {
        continue;
      }
      if (i > start) {
        if (content[start] != '{') {
          return false;
        }
        if (!firstChecked) {
          if (!hasChangeType(content, start, i - start)) {
            return false;
          }
          firstChecked = true;
        }
      }
      start = i + 1;
    }
    return firstChecked;
  }

  private static boolean hasChangeType(byte[] content, int off, int len) {
    try {
      JsonNode node = JSON.readTree(content, off, len);
      JsonNode type = node == null ? null : node.get("type");
      return node != null && node.isObject() && type != null && type.isTextual()
          && ChangeType.fromJson(type.textValue()).isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** STRONG for a first record with a matching FNV, WEAK for 12 leading zero bytes, null otherwise. */
  static Evidence vlogEvidence(ByteSource file) throws IOException {
    if (file.length() < VlogRecordCodec.HEADER_SIZE) {
      return null;
    }
    byte[] header = file.read(0, VlogRecordCodec.HEADER_SIZE);
    long payloadLength = LittleEndian.u32(header, 0);
    if (payloadLength == 0) {
      for (byte b : header) {
        if (b != 0) {
          return null;
        }
      }
      return Evidence.WEAK;
    }
    if (payloadLength > file.length() - VlogRecordCodec.HEADER_SIZE) {
      return null;
    }
    ValuePointer first = new ValuePointer(0, 0, VlogRecordCodec.HEADER_SIZE + payloadLength);
    return VlogRecordCodec.check(file, first) == PointerCheck.VALID ? Evidence.STRONG : null;
  }

  /** Whether the first 17 bytes are zero or a header that obeys the end-of-log rules and fits the file. */
  static boolean isPlausibleWal(ByteSource file) throws IOException {
    if (file.length() < WalRecord.HEADER_SIZE) {
      return false;
    }
    byte[] h = file.read(0, WalRecord.HEADER_SIZE);
    boolean zero = true;
    for (byte b : h) {
      zero &= b == 0;
    }
    if (zero) {
      return true;
    }
    long keyLength = LittleEndian.u32(h, 0);
    long valueLength = LittleEndian.u32(h, 4);
    int meta = h[16] & 0xFF;
    if (keyLength > WalScanner.MAX_KEY_LENGTH || valueLength > WalScanner.MAX_VALUE_LENGTH) {
      return false;
    }
    if (WalRecord.HEADER_SIZE + keyLength + valueLength > file.length() || (meta & ~WalMeta.KNOWN_BITS) != 0) {
      return false;
    }
    if ((meta & WalMeta.EXTERNAL) != 0 && valueLength != ValuePointer.ENCODED_SIZE) {
      return false;
    }
    return (meta & WalMeta.DELETED) == 0 || valueLength == 0;
  }
}
