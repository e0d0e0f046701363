/* fuzz_ws_frame: the WebSocket frame parser (worker/http/ws_frame.c), fed
 * as the inspector's reader feeds it (worker/inspector.c): frame after
 * frame from one buffer, the bytes so far each time. Invariants: a frame
 * never claims more bytes than given; a payload is within bounds and at
 * most WS_MAX_PAYLOAD; "need more" is only said for a prefix of what a
 * longer input could complete; unmasking twice gives the input back (the
 * parser touches only the payload); a server header describes its length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ws_frame.h"

static void check_header(size_t len) {
  uint8_t hdr[WS_HEADER_MAX];
  size_t n = ws_frame_header(hdr, WS_TEXT, len);
  uint8_t frame[WS_HEADER_MAX + 4];
  memcpy(frame, hdr, n);
  frame[1] |= 0x80; /* as a client would send it, with a zero mask */
  memset(frame + n, 0, 4);
  ws_frame f;
  ws_status s = ws_frame_parse(frame, n + 4, &f);
  if (len == 0 ? s != WS_OK : (len <= WS_MAX_PAYLOAD ? s != WS_MORE : s != WS_E_TOO_BIG)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *buf = malloc(size ? size : 1);
  if (!buf) return 0;
  memcpy(buf, data, size);
  size_t used = 0;
  while (used < size) {
    ws_frame f;
    ws_status s = ws_frame_parse(buf + used, size - used, &f);
    if (s == WS_MORE) break;
    if (s != WS_OK) {
      int code = ws_close_code(s);
      if (code != 1002 && code != 1009) abort();
      break;
    }
    size_t total = f.header_len + f.payload_len;
    if (total > size - used || f.payload_len > WS_MAX_PAYLOAD) abort();
    if (f.payload != buf + used + f.header_len) abort();
    if (memcmp(buf + used, data + used, f.header_len) != 0) abort();
    if (f.opcode >= WS_CLOSE && (f.payload_len > 125 || !f.fin)) abort();
    /* unmask again: the original bytes */
    const uint8_t *mask = buf + used + f.header_len - 4;
    for (size_t i = 0; i < f.payload_len; i++)
      if ((uint8_t)(f.payload[i] ^ mask[i & 3]) != data[used + f.header_len + i]) abort();
    used += total;
  }
  char accept[29];
  if (ws_accept_key((const char *)data, size, accept) == 0 && strlen(accept) != 28) abort();
  if (size >= 4) {
    uint32_t len;
    memcpy(&len, data, 4);
    check_header(len % (WS_MAX_PAYLOAD + 2));
  }
  free(buf);
  return 0;
}
