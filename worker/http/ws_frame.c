/* ws_frame: see ws_frame.h. */
#include "ws_frame.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <string.h>

static bool known_opcode(int op) {
  return op == WS_CONT || op == WS_TEXT || op == WS_BINARY || op == WS_CLOSE || op == WS_PING ||
         op == WS_PONG;
}

ws_status ws_frame_parse(uint8_t *buf, size_t len, ws_frame *f) {
  if (len < 2) return WS_MORE;
  f->fin = (buf[0] & 0x80) != 0;
  f->opcode = buf[0] & 0x0F;
  if ((buf[0] & 0x70) || !known_opcode(f->opcode)) return WS_E_PROTOCOL;
  if (!(buf[1] & 0x80)) return WS_E_PROTOCOL; /* a client masks every frame */
  uint64_t plen = buf[1] & 0x7F;
  size_t pos = 2;
  if (f->opcode >= WS_CLOSE && (plen > 125 || !f->fin)) return WS_E_PROTOCOL;
  if (plen >= 126) {
    size_t n = plen == 126 ? 2 : 8;
    if (len < pos + n) return WS_MORE;
    plen = 0;
    for (size_t i = 0; i < n; i++) plen = plen << 8 | buf[pos + i];
    pos += n;
  }
  if (plen > WS_MAX_PAYLOAD) return WS_E_TOO_BIG;
  if (len < pos + 4 + plen) return WS_MORE;
  const uint8_t *mask = buf + pos;
  pos += 4;
  f->header_len = pos;
  f->payload_len = (size_t)plen;
  f->payload = buf + pos;
  for (size_t i = 0; i < f->payload_len; i++) f->payload[i] ^= mask[i & 3];
  return WS_OK;
}

int ws_close_code(ws_status s) {
  return s == WS_E_TOO_BIG ? 1009 : 1002;
}

size_t ws_frame_header(uint8_t hdr[WS_HEADER_MAX], int opcode, size_t len) {
  hdr[0] = (uint8_t)(0x80 | (opcode & 0x0F));
  if (len < 126) {
    hdr[1] = (uint8_t)len;
    return 2;
  }
  if (len <= 0xFFFF) {
    hdr[1] = 126;
    hdr[2] = (uint8_t)(len >> 8);
    hdr[3] = (uint8_t)len;
    return 4;
  }
  hdr[1] = 127;
  for (int i = 0; i < 8; i++) hdr[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
  return 10;
}

int ws_accept_key(const char *key, size_t key_len, char out[29]) {
  static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  char text[128 + sizeof guid];
  if (key_len == 0 || key_len > 128) return -1;
  memcpy(text, key, key_len);
  memcpy(text + key_len, guid, sizeof guid - 1);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1((const unsigned char *)text, key_len + sizeof guid - 1, digest);
  EVP_EncodeBlock((unsigned char *)out, digest, SHA_DIGEST_LENGTH); /* 28 + NUL */
  return 0;
}
