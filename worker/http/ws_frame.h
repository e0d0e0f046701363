#ifndef SHOAL_ENGINE_WS_FRAME_H
#define SHOAL_ENGINE_WS_FRAME_H
/* ws_frame: the WebSocket wire format (RFC 6455) for the small servers
 * written in C (the inspector's DevTools endpoint, worker/inspector.h):
 * the opening handshake's accept key, a client frame's header (masking
 * required, payload unmasked in place) and a server frame's header. The
 * caller owns every buffer; nothing here allocates. The JavaScript `ws`
 * servers of apps do not come here: they run on Node's net API. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WS_MAX_PAYLOAD (16u << 20) /* a frame or a reassembled message */
#define WS_HEADER_MAX 14

enum { WS_CONT = 0, WS_TEXT = 1, WS_BINARY = 2, WS_CLOSE = 8, WS_PING = 9, WS_PONG = 10 };

/* Why a frame is refused; the close code to send with it. */
typedef enum {
  WS_OK = 0,
  WS_MORE = 1,        /* incomplete: read more bytes */
  WS_E_PROTOCOL = -1, /* reserved bits or opcode, unmasked, bad control frame: 1002 */
  WS_E_TOO_BIG = -2,  /* payload over WS_MAX_PAYLOAD: 1009 */
} ws_status;

typedef struct ws_frame {
  int opcode;
  bool fin;
  size_t header_len;
  size_t payload_len;
  uint8_t *payload; /* into the parsed buffer, unmasked */
} ws_frame;

/* Parses the client frame at the start of buf (len bytes). WS_OK: *f is
 * set, the frame takes f->header_len + f->payload_len bytes and its
 * payload was unmasked in place. */
ws_status ws_frame_parse(uint8_t *buf, size_t len, ws_frame *f);
/* A close code for a refusal (1002, 1009). */
int ws_close_code(ws_status s);
/* Writes the header of an unmasked, final server frame of len bytes into
 * hdr; returns its length. */
size_t ws_frame_header(uint8_t hdr[WS_HEADER_MAX], int opcode, size_t len);
/* Sec-WebSocket-Accept for the client's Sec-WebSocket-Key (28 characters
 * and a NUL into out); -1 when key is empty or too long. */
int ws_accept_key(const char *key, size_t key_len, char out[29]);
#endif
