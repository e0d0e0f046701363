/* tls_session: one TLS connection on memory BIOs (see tls_session.h). */
#include "tls_session.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tls_session {
  SSL *ssl;
  BIO *rbio; /* ciphertext in (from the peer) */
  BIO *wbio; /* ciphertext out (to the peer) */
  void *user;
  bool server, sniff, seen_input, done;
  bool hello_pause, hello_resumed;
  char hello_name[256]; /* the ClientHello's server name (hook installed) */
  unsigned long ossl_err;
  char error[160];
};

static int session_index = -1; /* SSL ex_data slot: its tls_session */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void make_index(void) {
  session_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

tls_session *tls_session_new(SSL_CTX *ctx, unsigned flags) {
  pthread_once(&index_once, make_index);
  tls_session *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->ssl = SSL_new(ctx);
  s->rbio = BIO_new(BIO_s_mem());
  s->wbio = BIO_new(BIO_s_mem());
  if (!s->ssl || !s->rbio || !s->wbio) {
    SSL_free(s->ssl);
    BIO_free(s->rbio);
    BIO_free(s->wbio);
    free(s);
    ERR_clear_error();
    return NULL;
  }
  /* an empty input BIO is "retry later", not the end of the stream */
  BIO_set_mem_eof_return(s->rbio, -1);
  SSL_set_bio(s->ssl, s->rbio, s->wbio);
  s->server = flags & TLS_SESSION_SERVER;
  s->sniff = s->server && (flags & TLS_SESSION_SNIFF);
  if (s->server) SSL_set_accept_state(s->ssl);
  else SSL_set_connect_state(s->ssl);
  SSL_set_ex_data(s->ssl, session_index, s);
  return s;
}

void tls_session_free(tls_session *s) {
  if (!s) return;
  SSL_free(s->ssl); /* frees the BIOs */
  free(s);
}

void tls_session_set_user(tls_session *s, void *user) {
  s->user = user;
}

void *tls_session_user(const tls_session *s) {
  return s ? s->user : NULL;
}

tls_session *tls_session_of(const SSL *ssl) {
  return session_index < 0 ? NULL : SSL_get_ex_data(ssl, session_index);
}

/* --- the ClientHello --------------------------------------------------------- */

/* The server name of a ClientHello's server_name extension, or "". */
static void hello_servername(SSL *ssl, char *out, size_t cap) {
  const unsigned char *p;
  size_t len;
  *out = 0;
  if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &p, &len) || len < 5) return;
  size_t list = ((size_t)p[0] << 8) | p[1];
  if (list + 2 > len || p[2] != TLSEXT_NAMETYPE_host_name) return;
  size_t nl = ((size_t)p[3] << 8) | p[4];
  if (nl + 5 > len || nl >= cap) return;
  memcpy(out, p + 5, nl);
  out[nl] = 0;
}

/* Runs before OpenSSL looks at SNI or ALPN: the name is known while the
 * handshake is held, and a RETRY holds it. */
static int on_client_hello(SSL *ssl, int *al, void *arg) {
  (void)al;
  (void)arg;
  tls_session *s = tls_session_of(ssl);
  if (!s || s->hello_resumed) return SSL_CLIENT_HELLO_SUCCESS;
  hello_servername(ssl, s->hello_name, sizeof s->hello_name);
  return s->hello_pause ? SSL_CLIENT_HELLO_RETRY : SSL_CLIENT_HELLO_SUCCESS;
}

void tls_session_ctx_hello_hook(SSL_CTX *ctx) {
  SSL_CTX_set_client_hello_cb(ctx, on_client_hello, NULL);
}

void tls_session_pause_hello(tls_session *s) {
  s->hello_pause = true;
}

void tls_session_resume_hello(tls_session *s) {
  if (s->hello_pause) s->hello_resumed = true;
}

/* --- the pump ------------------------------------------------------------------ */

/* Records OpenSSL's last error (and `what` with its reason, unless the
 * user already said why), then empties the queue. */
static void fail(tls_session *s, const char *what, const char *fallback) {
  unsigned long e = ERR_peek_last_error();
  s->ossl_err = e;
  if (!s->error[0]) {
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    snprintf(s->error, sizeof s->error, "%s: %s", what, reason ? reason : fallback);
  }
  ERR_clear_error();
}

int tls_session_feed(tls_session *s, const void *data, size_t len) {
  if (len == 0) return TLS_OK;
  if (s->sniff && !s->seen_input && *(const unsigned char *)data != 0x16) {
    snprintf(s->error, sizeof s->error, "not a TLS handshake (plaintext on a TLS port?)");
    s->seen_input = true;
    return TLS_NOT_TLS;
  }
  s->seen_input = true;
  if (len > INT32_MAX || BIO_write(s->rbio, data, (int)len) != (int)len) {
    fail(s, "TLS error", "out of memory");
    return TLS_ERROR;
  }
  return TLS_OK;
}

int tls_session_handshake(tls_session *s) {
  if (s->done) return TLS_OK;
  ERR_clear_error();
  int rc = SSL_do_handshake(s->ssl);
  if (rc == 1) {
    s->done = true;
    return TLS_OK;
  }
  int e = SSL_get_error(s->ssl, rc);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return TLS_WANT;
  if (e == SSL_ERROR_WANT_CLIENT_HELLO_CB) return TLS_WANT_HELLO;
  fail(s, "TLS handshake failed", "connection error");
  return TLS_ERROR;
}

bool tls_session_handshake_done(const tls_session *s) {
  return s->done;
}

int tls_session_read(tls_session *s, void *buf, size_t cap) {
  ERR_clear_error();
  int n = SSL_read(s->ssl, buf, cap > INT32_MAX ? INT32_MAX : (int)cap);
  if (n > 0) return n;
  int e = SSL_get_error(s->ssl, n);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return 0;
  if (e == SSL_ERROR_ZERO_RETURN) return TLS_EOF;
  s->error[0] = 0;
  fail(s, "TLS error", "bad record");
  return TLS_ERROR;
}

int tls_session_write(tls_session *s, const void *data, size_t len) {
  const char *p = data;
  ERR_clear_error();
  while (len > 0) {
    int chunk = len > (1u << 30) ? (1 << 30) : (int)len;
    int n = SSL_write(s->ssl, p, chunk);
    if (n <= 0) {
      s->error[0] = 0;
      fail(s, "TLS write failed", "not writable");
      return TLS_ERROR;
    }
    p += n;
    len -= (size_t)n;
  }
  return TLS_OK;
}

void tls_session_shutdown(tls_session *s) {
  if (s->done) SSL_shutdown(s->ssl);
  ERR_clear_error();
}

/* --- output and accessors ------------------------------------------------------ */

size_t tls_session_output_pending(const tls_session *s) {
  return BIO_ctrl_pending(s->wbio);
}

size_t tls_session_output_read(tls_session *s, void *buf, size_t cap) {
  if (cap == 0) return 0;
  int got = BIO_read(s->wbio, buf, cap > INT32_MAX ? INT32_MAX : (int)cap);
  return got > 0 ? (size_t)got : 0;
}

char *tls_session_take_output(tls_session *s, size_t *len) {
  size_t n = tls_session_output_pending(s);
  *len = 0;
  if (n == 0) return NULL;
  char *out = malloc(n);
  if (!out) return NULL;
  *len = tls_session_output_read(s, out, n);
  if (*len == 0) {
    free(out);
    return NULL;
  }
  return out;
}

size_t tls_session_alpn(const tls_session *s, const unsigned char **name) {
  unsigned len = 0;
  *name = NULL;
  SSL_get0_alpn_selected(s->ssl, name, &len);
  return len;
}

const char *tls_session_servername(const tls_session *s) {
  const char *sn = SSL_get_servername(s->ssl, TLSEXT_NAMETYPE_host_name);
  if (sn || !s->server) return sn;
  return s->hello_name[0] ? s->hello_name : NULL;
}

SSL *tls_session_ssl(const tls_session *s) {
  return s->ssl;
}

const char *tls_session_error(const tls_session *s) {
  return s->error[0] ? s->error : "TLS error";
}

unsigned long tls_session_ossl_error(const tls_session *s) {
  return s->ossl_err;
}

void tls_session_set_error(tls_session *s, const char *msg) {
  snprintf(s->error, sizeof s->error, "%s", msg);
}
