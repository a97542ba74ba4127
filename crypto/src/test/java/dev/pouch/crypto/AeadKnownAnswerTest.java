package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * AES-256-GCM test cases 13 to 16 of McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", the vectors
 * submitted with GCM to NIST and reproduced by SP 800-38D implementations. They run through {@link Aead}'s own open
 * path (counter-mode decryption plus tag recomputation) by laying them out as nonce || ciphertext || tag.
 */
class AeadKnownAnswerTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String ZERO_KEY = "00".repeat(32);
  private static final String KEY = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  private static final String NONCE = "cafebabefacedbaddecaf888";
  private static final String PLAIN_64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  private static final String CIPHER_64 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
  private static final String AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

  @Test
  void testCase13EmptyPlaintextAndAad() throws Exception {
    byte[] opened = open(ZERO_KEY, "00".repeat(12), "", "530f8afbc74536b9a963b4f1c4cb738b", "");

    assertThat(opened).isEmpty();
  }

  @Test
  void testCase14OneZeroBlock() throws Exception {
    byte[] opened = open(ZERO_KEY, "00".repeat(12), "cea7403d4d606b6e074ec5d3baf39d18",
        "d0d1c8a799996bf0265b98b5d48ab919", "");

    assertThat(HEX.formatHex(opened)).isEqualTo("00".repeat(16));
  }

  @Test
  void testCase15FourBlocksNoAad() throws Exception {
    byte[] opened = open(KEY, NONCE, CIPHER_64, "b094dac5d93471bdec1a502270e3cc6c", "");

    assertThat(HEX.formatHex(opened)).isEqualTo(PLAIN_64);
  }

  @Test
  void testCase16PartialBlockWithAad() throws Exception {
    byte[] opened = open(KEY, NONCE, CIPHER_64.substring(0, 120), "76fc6ece0f4e1768cddf8853bb2d551b", AAD);

    assertThat(HEX.formatHex(opened)).isEqualTo(PLAIN_64.substring(0, 120));
  }

  @Test
  void testCase16WithOneTagBitFlippedIsRejected() {
    assertThatThrownBy(() -> open(KEY, NONCE, CIPHER_64.substring(0, 120), "77fc6ece0f4e1768cddf8853bb2d551b", AAD))
        .isInstanceOf(IntegrityException.class);
  }

  private static byte[] open(String key, String nonce, String ciphertext, String tag, String aad)
      throws IntegrityException {
    byte[] sealed = HEX.parseHex(nonce + ciphertext + tag);
    return Aead.of(SymmetricKey.of(HEX.parseHex(key))).open(sealed, 0, sealed.length, HEX.parseHex(aad), "vector");
  }
}
