/* fuzz_tls: TLS records into the worker's TLS layer (a server tls_session,
 * worker/http/tls_session.c, of a listener context, tls.c, driven by
 * worker/http/conn.c; HTTP/1.1 and HTTP/2 behind it), without V8.
 *
 * LLVMFuzzerInitialize generates, with OpenSSL's APIs (no files), a P-256 key
 * and a self-signed certificate for "localhost" and a second one for
 * "sni.test", and builds a listener context (tls_ctx_new from PEM text, ALPN
 * h2 and http/1.1) as the worker does for a `tls` listener. Each input is one
 * connection: an http_server adopts one end of a socketpair with that context.
 *
 * Two modes, chosen by the first byte:
 *  - anything but 0xF1 (the normal case; every seed captured from a real
 *    client starts with 0x16): the input is the client's first flight, raw
 *    bytes written as they are (ClientHello records, garbage, plaintext on
 *    the TLS port), in pieces whose size depends on the input's length; the
 *    client then reads what the server answers, half-closes (odd lengths)
 *    and leaves.
 *  - 0xF1 FLAGS REST: an in-process client (a client-role tls_session, the
 *    same engine the JavaScript TLSSocket uses) performs a real handshake
 *    first (FLAGS: bit 0 TLS 1.2 only, bit 1 ALPN h2, bit 2 ALPN http/1.1,
 *    bit 3 SNI "sni.test", bit 4 an unknown SNI name), then sends REST:
 *    encrypted as application data (default), or raw after the handshake
 *    (bit 5: forged/garbage records), then (bit 6) asks for a renegotiation
 *    (TLS 1.2) or a key update (TLS 1.3), and (bit 7) sends close_notify.
 * For lengths = 2 mod 4 the server then drains as in a reload
 * (http_server_drain, then http_server_goaway) before the client leaves.
 *
 * Checked besides memory safety (ASan, UBSan, LeakSanitizer): every request
 * gets exactly one on_request_done, the connection one on_conn_close, the
 * server closes, and no connection is left behind. FUZZ_VERBOSE=1 prints
 * whether the client's handshake succeeded and the requests per input. */
#include <errno.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine_harness.h"
#include "tls.h"
#include "tls_session.h"

static tls_ctx *server_tls;
static SSL_CTX *client_ctx;

/* --- the test certificates ------------------------------------------------- */

static char *pem_of(int (*write)(BIO *, void *), void *obj) {
  BIO *b = BIO_new(BIO_s_mem());
  if (!b || write(b, obj) != 1) abort();
  char *p;
  long n = BIO_get_mem_data(b, &p);
  char *out = malloc((size_t)n + 1);
  memcpy(out, p, (size_t)n);
  out[n] = 0;
  BIO_free(b);
  return out;
}

static int write_cert(BIO *b, void *x) {
  return PEM_write_bio_X509(b, x);
}

static int write_key(BIO *b, void *k) {
  return PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
}

/* A P-256 key and a self-signed certificate for `cn` (PEM text). */
static void make_cert(const char *cn, char **cert_pem, char **key_pem) {
  EVP_PKEY *key = EVP_EC_gen("P-256");
  X509 *x = X509_new();
  if (!key || !x) abort();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
  X509_set_pubkey(x, key);
  X509_NAME *name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
  X509_set_issuer_name(x, name);
  if (X509_sign(x, key, EVP_sha256()) == 0) abort();
  *cert_pem = pem_of(write_cert, x);
  *key_pem = pem_of(write_key, key);
  X509_free(x);
  EVP_PKEY_free(key);
}

/* --- the server's user ------------------------------------------------------ */

static void answer(http_req *r) {
  fz_req *st = http_req_data(r);
  if (!st || st->answered) return;
  st->answered = true;
  char body[64];
  int n = snprintf(body, sizeof body, "%s %zu\n", http_req_method(r), st->body);
  http_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\n", 26, 0, n);
  http_write(r, body, (size_t)n, NULL, NULL, true);
}

static void on_request(http_req *r) {
  fz_req *st = fz_request_begin(r);
  if (http_req_flags(r) & HTTP_EXPECT_CONTINUE) http_write_continue(r);
  if (!(http_req_flags(r) & HTTP_HAS_BODY) || st->body_with_head) answer(r);
}

static http_callbacks callbacks;

/* --- the client side --------------------------------------------------------- */

/* What the server sent goes into the in-process client's session (fz_sink_arg). */
static void into_session(void *client, const char *data, size_t len) {
  if (client) tls_session_feed(client, data, len);
}

/* fz_run_until_quiet, with what comes back fed to `into` (or dropped). */
static void run_until_quiet(int fd, const uint8_t *data, size_t size, size_t piece,
                            tls_session *into) {
  fz_sink_arg = into;
  fz_run_until_quiet(fd, data, size, piece);
  fz_sink_arg = NULL;
}

/* The client's pending ciphertext, to the server. */
static void client_send(tls_session *client, int fd) {
  size_t n;
  char *p = tls_session_take_output(client, &n);
  if (p) run_until_quiet(fd, (const uint8_t *)p, n, n, client);
  else run_until_quiet(fd, NULL, 0, 1, client);
  free(p);
}

static void with_client(int fd, uint8_t flags, const uint8_t *rest, size_t len) {
  tls_session *client = tls_session_new(client_ctx, 0);
  if (!client) abort();
  SSL *ssl = tls_session_ssl(client);
  if (flags & 1) SSL_set_max_proto_version(ssl, TLS1_2_VERSION);
  unsigned char alpn[32];
  size_t alen = 0;
  if (flags & 2) {
    memcpy(alpn + alen, "\x02h2", 3);
    alen += 3;
  }
  if (flags & 4) {
    memcpy(alpn + alen, "\x08http/1.1", 9);
    alen += 9;
  }
  if (alen) SSL_set_alpn_protos(ssl, alpn, (unsigned)alen);
  if (flags & 8) SSL_set_tlsext_host_name(ssl, "sni.test");
  else if (flags & 16) SSL_set_tlsext_host_name(ssl, "unknown.example");
  bool done = false;
  for (int i = 0; i < 10 && !done; i++) {
    int rc = tls_session_handshake(client);
    done = rc == TLS_OK;
    client_send(client, fd);
    if (rc != TLS_OK && rc != TLS_WANT) break;
  }
  if (getenv("FUZZ_VERBOSE")) {
    fprintf(stderr, "client handshake %s (%s)\n", done ? "done" : "failed",
            tls_session_error(client));
  }
  if (done) {
    if (flags & 32) {
      run_until_quiet(fd, rest, len, 1 + len % 61, client); /* raw records after the handshake */
    } else if (len) {
      tls_session_write(client, rest, len);
      client_send(client, fd);
    }
    if (flags & 64) {
      if (SSL_version(ssl) == TLS1_3_VERSION) SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED);
      else SSL_renegotiate(ssl);
      SSL_do_handshake(ssl); /* sends the request: no session call does */
      ERR_clear_error();
      client_send(client, fd);
    }
    char sink[4096];
    for (int i = 0; i < 64 && tls_session_read(client, sink, sizeof sink) > 0; i++) {
    }
    if (flags & 128) {
      tls_session_shutdown(client);
      client_send(client, fd);
    }
  }
  tls_session_free(client);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  fz_answer = answer;
  fz_sink = into_session;
  callbacks = fz_callbacks(on_request);
  char *cert, *key, *cert2, *key2;
  make_cert("localhost", &cert, &key);
  make_cert("sni.test", &cert2, &key2);
  tls_cert_spec specs[2] = {
      {.cert = cert, .key = key},
      {.cert = cert2, .key = key2, .servername = "sni.test"},
  };
  char err[256];
  server_tls = tls_ctx_new(specs, 2, false, true, err, sizeof err);
  if (!server_tls) {
    fprintf(stderr, "tls_ctx_new: %s\n", err);
    abort();
  }
  free(cert);
  free(key);
  free(cert2);
  free(key2);
  client_ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(client_ctx, SSL_VERIFY_NONE, NULL);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  http_server *s = fz_server_new(&callbacks, NULL);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  if (http_server_adopt_tls(s, sv[0], server_tls) != 0) abort();
  if (size >= 2 && data[0] == 0xF1) {
    with_client(sv[1], data[1], data + 2, size - 2);
  } else {
    size_t piece = size % 5 == 0 ? size + 1 : 1 + (size * 7) % 97;
    fz_run_until_quiet(sv[1], data, size, piece);
  }
  fz_finish(s, sv[1], size, size % 4 == 2);
  return 0;
}
