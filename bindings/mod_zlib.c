/* internalBinding('zlib'): zlib and brotli compression contexts for
 * js-lib/zlib.js.
 *
 * A context is a native object (create(mode)) driven by js-lib:
 *   initZlib(ctx, windowBits, level, memLevel, strategy, writeState, cb, dict)
 *   initBrotli(ctx, params Uint32Array (-1: unset), writeState, cb) -> bool
 *   write(ctx, owner, async, flush, in, inOff, inLen, out, outOff, outLen)
 *   params(ctx, owner, level, strategy), reset(ctx, owner), close(ctx)
 * After a write, writeState (Uint32Array(2)) holds [availOutAfter,
 * availInAfter]. An asynchronous write runs on libuv's thread pool and then
 * calls cb with `this` = owner; a synchronous one runs inline. Failures call
 * owner.onerror(message, errno, code) instead (as Node's ZlibContext does).
 *
 * zlib streams are initialised lazily by the first write (or params/reset).
 * close() during a write is deferred until the write completes. */
#include <brotli/decode.h>
#include <brotli/encode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include <zlib.h>

#include "binding.h"
#include "handle_base.h"
#include "runtime.h"

enum {
  M_NONE,
  M_DEFLATE,
  M_INFLATE,
  M_GZIP,
  M_GUNZIP,
  M_DEFLATERAW,
  M_INFLATERAW,
  M_UNZIP,
  M_BROTLI_DECODE,
  M_BROTLI_ENCODE,
};

typedef struct zerr {
  const char *message; /* NULL: no error */
  const char *code;
  int err;
} zerr;

typedef struct zctx {
  sh_rt *rt;
  handle_base base; /* its object, which owns it (weak) */
  int mode;
  bool brotli;
  /* zlib */
  z_stream strm;
  bool zinit_done;
  int level, window_bits, mem_level, strategy;
  uint8_t *dict;
  size_t dict_len;
  int err;
  int gzip_id_bytes_read;
  /* brotli */
  BrotliEncoderState *enc;
  BrotliDecoderState *dec;
  BROTLI_BOOL enc_ok;
  BrotliDecoderResult dec_res;
  BrotliDecoderErrorCode dec_err;
  char dec_err_str[96];
  /* the current write */
  int flush;
  const uint8_t *next_in;
  size_t avail_in;
  uint8_t *next_out;
  size_t avail_out;
  bool write_in_progress, pending_close, closed;
  uv_work_t work;
  sh_ref *write_state, *cb;
  sh_ref *owner, *in_ref, *out_ref; /* held during an asynchronous write */
} zctx;

static const char *zlib_code(int err) {
  switch (err) {
    case Z_OK: return "Z_OK";
    case Z_STREAM_END: return "Z_STREAM_END";
    case Z_NEED_DICT: return "Z_NEED_DICT";
    case Z_ERRNO: return "Z_ERRNO";
    case Z_STREAM_ERROR: return "Z_STREAM_ERROR";
    case Z_DATA_ERROR: return "Z_DATA_ERROR";
    case Z_MEM_ERROR: return "Z_MEM_ERROR";
    case Z_BUF_ERROR: return "Z_BUF_ERROR";
    case Z_VERSION_ERROR: return "Z_VERSION_ERROR";
    default: return "Z_UNKNOWN_ERROR";
  }
}

static zerr zerr_for(zctx *c, const char *message) {
  if (c->strm.msg) message = c->strm.msg;
  return (zerr){message, zlib_code(c->err), c->err};
}

/* --- zlib ---------------------------------------------------------------- */

static zerr set_dictionary(zctx *c) {
  if (!c->dict) return (zerr){0};
  c->err = Z_OK;
  switch (c->mode) {
    case M_DEFLATE:
    case M_DEFLATERAW: c->err = deflateSetDictionary(&c->strm, c->dict, (uInt)c->dict_len); break;
    case M_INFLATERAW:
      /* the other inflate modes set it when inflate() asks (Z_NEED_DICT) */
      c->err = inflateSetDictionary(&c->strm, c->dict, (uInt)c->dict_len);
      break;
    default: break;
  }
  if (c->err != Z_OK) return zerr_for(c, "Failed to set dictionary");
  return (zerr){0};
}

/* Initialises the zlib stream once; true on the call that did it. */
static bool zlib_init(zctx *c) {
  if (c->zinit_done || c->mode == M_NONE) return false;
  switch (c->mode) {
    case M_DEFLATE:
    case M_GZIP:
    case M_DEFLATERAW:
      c->err =
          deflateInit2(&c->strm, c->level, Z_DEFLATED, c->window_bits, c->mem_level, c->strategy);
      break;
    default: c->err = inflateInit2(&c->strm, c->window_bits); break;
  }
  if (c->err != Z_OK) {
    free(c->dict);
    c->dict = NULL;
    c->dict_len = 0;
    c->mode = M_NONE;
    return true;
  }
  c->zinit_done = true;
  set_dictionary(c);
  return true;
}

static int zlib_reset_stream(zctx *c) {
  c->err = Z_OK;
  switch (c->mode) {
    case M_DEFLATE:
    case M_DEFLATERAW:
    case M_GZIP: c->err = deflateReset(&c->strm); break;
    case M_INFLATE:
    case M_INFLATERAW:
    case M_GUNZIP: c->err = inflateReset(&c->strm); break;
    default: break;
  }
  return c->err;
}

static void zlib_work(zctx *c) {
  bool first = zlib_init(c);
  if (first && c->err != Z_OK) return;
  if (c->mode == M_NONE) {
    c->err = Z_STREAM_ERROR;
    return;
  }
  c->strm.next_in = (Bytef *)c->next_in;
  c->strm.avail_in = (uInt)c->avail_in;
  c->strm.next_out = c->next_out;
  c->strm.avail_out = (uInt)c->avail_out;
  const Bytef *next_header = NULL;
  switch (c->mode) {
    case M_DEFLATE:
    case M_GZIP:
    case M_DEFLATERAW: c->err = deflate(&c->strm, c->flush); break;
    case M_UNZIP:
      if (c->strm.avail_in > 0) next_header = c->strm.next_in;
      if (c->gzip_id_bytes_read == 0 && next_header) {
        if (*next_header == 0x1f) {
          c->gzip_id_bytes_read = 1;
          next_header++;
          if (c->strm.avail_in == 1) next_header = NULL; /* only byte already read */
        } else {
          c->mode = M_INFLATE;
          next_header = NULL;
        }
      }
      if (c->gzip_id_bytes_read == 1 && next_header) {
        if (*next_header == 0x8b) {
          c->gzip_id_bytes_read = 2;
          c->mode = M_GUNZIP;
        } else {
          c->mode = M_INFLATE;
        }
      }
      /* fall through */
    default:
      c->err = inflate(&c->strm, c->flush);
      if (c->mode != M_INFLATERAW && c->err == Z_NEED_DICT && c->dict) {
        c->err = inflateSetDictionary(&c->strm, c->dict, (uInt)c->dict_len);
        if (c->err == Z_OK) {
          c->err = inflate(&c->strm, c->flush);
        } else if (c->err == Z_DATA_ERROR) {
          c->err = Z_NEED_DICT; /* tell a bad dictionary from bad input */
        }
      }
      while (c->strm.avail_in > 0 && c->mode == M_GUNZIP && c->err == Z_STREAM_END &&
             c->strm.next_in[0] != 0x00) {
        /* another gzip member follows (or trailing garbage) */
        zlib_reset_stream(c);
        c->err = inflate(&c->strm, c->flush);
      }
      break;
  }
  c->next_in = c->strm.next_in;
  c->avail_in = c->strm.avail_in;
  c->next_out = c->strm.next_out;
  c->avail_out = c->strm.avail_out;
}

static zerr zlib_error_info(zctx *c) {
  switch (c->err) {
    case Z_OK:
    case Z_BUF_ERROR:
      if (c->avail_out != 0 && c->flush == Z_FINISH) return zerr_for(c, "unexpected end of file");
      break;
    case Z_STREAM_END: break;
    case Z_NEED_DICT: return zerr_for(c, c->dict ? "Bad dictionary" : "Missing dictionary");
    default: return zerr_for(c, "Zlib error");
  }
  return (zerr){0};
}

/* --- brotli -------------------------------------------------------------- */

/* The group prefix brotli >= 1.1 puts in BrotliDecoderErrorString (Node has
 * 1.1: "_ERROR_FORMAT_PADDING_1"); older versions give only the name. */
static const char *brotli_err_prefix(BrotliDecoderErrorCode code) {
  const char *s = BrotliDecoderErrorString(code);
  if (s[0] == '_') return "";
  int v = (int)code;
  if (v >= 0) return "_";
  if (v >= -16) return "_ERROR_FORMAT_";
  if (v <= -21 && v >= -30) return "_ERROR_ALLOC_";
  return "_ERROR_";
}

static void brotli_work(zctx *c) {
  const uint8_t *next_in = c->next_in;
  if (c->mode == M_BROTLI_ENCODE) {
    c->enc_ok = BrotliEncoderCompressStream(c->enc, (BrotliEncoderOperation)c->flush, &c->avail_in,
                                            &next_in, &c->avail_out, &c->next_out, NULL);
  } else {
    c->dec_res = BrotliDecoderDecompressStream(c->dec, &c->avail_in, &next_in, &c->avail_out,
                                               &c->next_out, NULL);
    if (c->dec_res == BROTLI_DECODER_RESULT_ERROR) {
      c->dec_err = BrotliDecoderGetErrorCode(c->dec);
      snprintf(c->dec_err_str, sizeof c->dec_err_str, "ERR_%s%s", brotli_err_prefix(c->dec_err),
               BrotliDecoderErrorString(c->dec_err));
    }
  }
  c->next_in = next_in;
}

static zerr brotli_error_info(zctx *c) {
  if (c->mode == M_BROTLI_ENCODE) {
    if (!c->enc_ok) return (zerr){"Compression failed", "ERR_BROTLI_COMPRESSION_FAILED", -1};
    return (zerr){0};
  }
  if (c->dec_err != BROTLI_DECODER_SUCCESS && c->dec_err != BROTLI_DECODER_NO_ERROR &&
      c->dec_res == BROTLI_DECODER_RESULT_ERROR)
    return (zerr){"Decompression failed", c->dec_err_str, (int)c->dec_err};
  if (c->flush == BROTLI_OPERATION_FINISH && c->dec_res == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
    return (zerr){"unexpected end of file", "Z_BUF_ERROR", Z_BUF_ERROR};
  return (zerr){0};
}

static bool brotli_create(zctx *c) {
  if (c->mode == M_BROTLI_ENCODE) {
    if (c->enc) BrotliEncoderDestroyInstance(c->enc);
    c->enc = BrotliEncoderCreateInstance(NULL, NULL, NULL);
    return c->enc != NULL;
  }
  if (c->dec) BrotliDecoderDestroyInstance(c->dec);
  c->dec = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  c->dec_err = BROTLI_DECODER_NO_ERROR;
  c->dec_res = BROTLI_DECODER_RESULT_SUCCESS;
  return c->dec != NULL;
}

/* --- context life cycle -------------------------------------------------- */

static void ctx_close(zctx *c) {
  if (c->write_in_progress) {
    c->pending_close = true;
    return;
  }
  if (c->closed) return;
  c->closed = true;
  c->pending_close = false;
  if (c->zinit_done) {
    if (c->mode == M_DEFLATE || c->mode == M_GZIP || c->mode == M_DEFLATERAW) deflateEnd(&c->strm);
    else inflateEnd(&c->strm);
    c->zinit_done = false;
  }
  if (c->enc) BrotliEncoderDestroyInstance(c->enc);
  if (c->dec) BrotliDecoderDestroyInstance(c->dec);
  c->enc = NULL;
  c->dec = NULL;
  free(c->dict);
  c->dict = NULL;
  c->mode = M_NONE;
}

static void ctx_collected(void *data) {
  zctx *c = data;
  c->write_in_progress = false; /* cannot be: the owner holds the object while writing */
  handle_base_release(&c->base);
  ctx_close(c);
  sh_ref_free(c->write_state);
  sh_ref_free(c->cb);
  free(c);
}

static zctx *arg_ctx(sh_cbinfo *ci) {
  zctx *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!c) sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "Illegal invocation");
  return c;
}

/* create(mode) -> context object */
static void z_create(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  zctx *c = calloc(1, sizeof *c);
  c->rt = rt;
  c->mode = (int)arg_i64(ci, 0);
  c->brotli = c->mode == M_BROTLI_DECODE || c->mode == M_BROTLI_ENCODE;
  sh_ret(ci, handle_base_init_weak(&c->base, rt, c, ctx_collected));
}

/* initZlib(ctx, windowBits, level, memLevel, strategy, writeState, cb, dictionary) */
static void z_init_zlib(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  zctx *c = arg_ctx(ci);
  if (!c) return;
  c->window_bits = (int)arg_i64(ci, 1);
  c->level = (int)arg_i64(ci, 2);
  c->mem_level = (int)arg_i64(ci, 3);
  c->strategy = (int)arg_i64(ci, 4);
  c->write_state = sh_ref_new(rt, sh_arg(ci, 5));
  c->cb = sh_ref_new(rt, sh_arg(ci, 6));
  uint8_t *d;
  size_t dl;
  if (sh_bytes(sh_arg(ci, 7), &d, &dl) == 0) {
    c->dict = malloc(dl ? dl : 1);
    if (dl) memcpy(c->dict, d, dl);
    c->dict_len = dl;
  }
  if (c->mode == M_GZIP || c->mode == M_GUNZIP) c->window_bits += 16;
  if (c->mode == M_UNZIP) c->window_bits += 32;
  if (c->mode == M_DEFLATERAW || c->mode == M_INFLATERAW) {
    /* zlib refuses 8 for raw deflate (the 256-byte window bug): 9 is what it uses anyway */
    if (c->mode == M_DEFLATERAW && c->window_bits == 8) c->window_bits = 9;
    c->window_bits *= -1;
  }
  c->err = Z_OK;
}

/* initBrotli(ctx, params, writeState, cb) -> bool */
static void z_init_brotli(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  zctx *c = arg_ctx(ci);
  if (!c) return;
  c->write_state = sh_ref_new(rt, sh_arg(ci, 2));
  c->cb = sh_ref_new(rt, sh_arg(ci, 3));
  bool ok = brotli_create(c);
  uint8_t *p;
  size_t pl;
  if (ok && sh_bytes(sh_arg(ci, 1), &p, &pl) == 0) {
    const uint32_t *v = (const uint32_t *)(void *)p;
    for (size_t i = 0; ok && i < pl / 4; i++) {
      if (v[i] == UINT32_MAX) continue;
      ok = c->mode == M_BROTLI_ENCODE
               ? BrotliEncoderSetParameter(c->enc, (BrotliEncoderParameter)i, v[i])
               : BrotliDecoderSetParameter(c->dec, (BrotliDecoderParameter)i, v[i]);
    }
  }
  sh_ret(ci, sh_bool(rt, ok));
}

static void do_work(zctx *c) {
  if (c->brotli) brotli_work(c);
  else zlib_work(c);
}

static zerr error_info(zctx *c) {
  if (c->closed) return (zerr){"zlib binding closed", "ERR_ZLIB_BINDING_CLOSED", -1};
  return c->brotli ? brotli_error_info(c) : zlib_error_info(c);
}

/* Calls owner.onerror(message, errno, code); -1 if it threw. */
static int emit_error(zctx *c, sh_val owner, zerr e, bool top) {
  sh_rt *rt = c->rt;
  sh_val fn = sh_get_s(rt, owner, "onerror");
  if (!fn) return -1;
  if (!sh_is(fn, SH_FUNCTION)) return 0;
  sh_val argv[3] = {sh_str(rt, e.message, SIZE_MAX), sh_int(rt, e.err),
                    sh_str(rt, e.code, SIZE_MAX)};
  return top ? runtime_callback(rt, fn, owner, 3, argv, NULL)
             : sh_call(rt, fn, owner, 3, argv, NULL);
}

static void update_write_state(zctx *c) {
  uint8_t *p;
  size_t len;
  sh_val ws = sh_ref_get(c->rt, c->write_state);
  if (ws && sh_bytes(ws, &p, &len) == 0 && len >= 8) {
    uint32_t v[2] = {(uint32_t)c->avail_out, (uint32_t)c->avail_in};
    memcpy(p, v, sizeof v);
  }
}

static void work_cb(uv_work_t *req) {
  do_work(req->data);
}

/* An asynchronous write finished: report it to the owner. Runs in a scope
 * its caller opened. */
static void after_write(zctx *c) {
  sh_rt *rt = c->rt;
  sh_val owner = sh_ref_get(rt, c->owner);
  sh_ref_free(c->owner);
  sh_ref_free(c->in_ref);
  sh_ref_free(c->out_ref);
  c->owner = c->in_ref = c->out_ref = NULL;
  c->write_in_progress = false;
  zerr e = c->brotli ? brotli_error_info(c) : zlib_error_info(c);
  if (e.message) {
    emit_error(c, owner, e, true);
  } else {
    update_write_state(c);
    sh_val cb = c->cb ? sh_ref_get(rt, c->cb) : NULL;
    if (cb && sh_is(cb, SH_FUNCTION)) runtime_callback(rt, cb, owner, 0, NULL, NULL);
  }
  if (c->pending_close) ctx_close(c);
}

static void after_cb(uv_work_t *req, int status) {
  zctx *c = req->data;
  if (status == UV_ECANCELED) {
    c->write_in_progress = false;
    sh_ref_free(c->owner);
    sh_ref_free(c->in_ref);
    sh_ref_free(c->out_ref);
    c->owner = c->in_ref = c->out_ref = NULL;
    ctx_close(c);
    return;
  }
  sh_scope *scope = sh_scope_open(c->rt, false);
  after_write(c);
  sh_scope_close(scope);
}

/* write(ctx, owner, async, flush, in, inOff, inLen, out, outOff, outLen) */
static void z_write(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  zctx *c = arg_ctx(ci);
  if (!c) return;
  sh_val owner = sh_arg(ci, 1);
  bool async = sh_to_bool(rt, sh_arg(ci, 2));
  if (c->write_in_progress) {
    sh_throw_error(rt, SH_ERROR, "write already in progress");
    return;
  }
  if (c->pending_close || c->closed) {
    sh_throw_error(rt, SH_ERROR, "close is pending");
    return;
  }
  uint8_t *in = NULL, *out = NULL;
  size_t in_total = 0, out_total = 0;
  sh_val inv = sh_arg(ci, 4), outv = sh_arg(ci, 7);
  if (!sh_is(inv, SH_UNDEFINED) && !sh_is(inv, SH_NULL) && sh_bytes(inv, &in, &in_total) != 0) {
    sh_throw_error(rt, SH_TYPE_ERROR, "invalid input buffer");
    return;
  }
  if (sh_bytes(outv, &out, &out_total) != 0) {
    sh_throw_error(rt, SH_TYPE_ERROR, "invalid output buffer");
    return;
  }
  size_t in_off = (size_t)arg_i64(ci, 5), in_len = (size_t)arg_i64(ci, 6);
  size_t out_off = (size_t)arg_i64(ci, 8), out_len = (size_t)arg_i64(ci, 9);
  if (in_off > in_total || in_len > in_total - in_off || out_off > out_total ||
      out_len > out_total - out_off) {
    sh_throw_error(rt, SH_RANGE_ERROR, "zlib write out of bounds");
    return;
  }
  c->flush = (int)arg_i64(ci, 3);
  c->next_in = in ? in + in_off : NULL;
  c->avail_in = in ? in_len : 0;
  c->next_out = out + out_off;
  c->avail_out = out_len;
  c->write_in_progress = true;
  if (async) {
    c->owner = sh_ref_new(rt, owner);
    if (in) c->in_ref = sh_ref_new(rt, inv);
    c->out_ref = sh_ref_new(rt, outv);
    c->work.data = c;
    int rc = uv_queue_work(runtime_get(rt)->loop, &c->work, work_cb, after_cb);
    if (rc < 0) {
      c->write_in_progress = false;
      sh_throw_error(rt, SH_ERROR, "uv_queue_work failed: %s", uv_strerror(rc));
    }
    return;
  }
  do_work(c);
  c->write_in_progress = false;
  zerr e = error_info(c);
  if (e.message) {
    emit_error(c, owner, e, false);
  } else {
    update_write_state(c);
  }
  if (c->pending_close) ctx_close(c);
}

/* params(ctx, owner, level, strategy) */
static void z_params(sh_cbinfo *ci) {
  zctx *c = arg_ctx(ci);
  if (!c || c->brotli || c->closed) return;
  bool first = zlib_init(c);
  zerr e = {0};
  if (first && c->err != Z_OK) {
    e = zerr_for(c, "Failed to init stream before set parameters");
  } else {
    c->err = Z_OK;
    if (c->mode == M_DEFLATE || c->mode == M_DEFLATERAW)
      c->err = deflateParams(&c->strm, (int)arg_i64(ci, 2), (int)arg_i64(ci, 3));
    if (c->err != Z_OK && c->err != Z_BUF_ERROR) e = zerr_for(c, "Failed to set parameters");
  }
  if (e.message) emit_error(c, sh_arg(ci, 1), e, false);
}

/* reset(ctx, owner) */
static void z_reset(sh_cbinfo *ci) {
  zctx *c = arg_ctx(ci);
  if (!c || c->closed) return;
  zerr e = {0};
  if (c->brotli) {
    if (!brotli_create(c))
      e = (zerr){"Initialization failed", "ERR_ZLIB_INITIALIZATION_FAILED", -1};
  } else {
    bool first = zlib_init(c);
    if (first && c->err != Z_OK) {
      e = zerr_for(c, "Failed to init stream before reset");
    } else if (zlib_reset_stream(c) != Z_OK) {
      e = zerr_for(c, "Failed to reset stream");
    } else {
      e = set_dictionary(c);
    }
  }
  if (e.message) emit_error(c, sh_arg(ci, 1), e, false);
}

/* close(ctx) */
static void z_close(sh_cbinfo *ci) {
  zctx *c = arg_ctx(ci);
  if (c) ctx_close(c);
}

/* crc32(data, value) -> uint32 */
static void z_crc32(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint8_t *p;
  size_t len;
  uLong crc = (uLong)(uint32_t)arg_i64(ci, 1);
  if (sh_bytes(sh_arg(ci, 0), &p, &len) == 0) {
    while (len > 0) {
      uInt n = len > 0x40000000 ? 0x40000000 : (uInt)len;
      crc = crc32(crc, p, n);
      p += n;
      len -= n;
    }
  }
  sh_ret(ci, sh_num(rt, (double)(uint32_t)crc));
}

sh_val binding_zlib_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "create", z_create);
  bind_fn(rt, b, "initZlib", z_init_zlib);
  bind_fn(rt, b, "initBrotli", z_init_brotli);
  bind_fn(rt, b, "write", z_write);
  bind_fn(rt, b, "params", z_params);
  bind_fn(rt, b, "reset", z_reset);
  bind_fn(rt, b, "close", z_close);
  bind_fn(rt, b, "crc32", z_crc32);
  bind_int(rt, b, "ZLIB_VERNUM", ZLIB_VERNUM);
  bind_str(rt, b, "zlibVersion", zlibVersion());
  return b;
}
