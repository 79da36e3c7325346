/* SPDX-License-Identifier: MIT */
/*
 * Shader CSOs: each is compiled by the LSGPU-1 compiler (src/compiler/lsgpu) when
 * st/mesa creates it, through Mesa's disk shader cache. The cache key is the
 * serialized NIR and the stage; the cache itself is keyed by this driver's build-id
 * and the LLVM version, so a changed compiler never serves old binaries.
 */
#include "lsgpu_program.h"
#include "nir/tgsi_to_nir.h"

#include <string.h>

#include "compiler/nir/nir.h"
#include "compiler/nir/nir_serialize.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_screen.h"
#include "lsgpu/drm/lsgpu_winsys.h"
#include "util/blob.h"
#include "util/build_id.h"
#include "util/disk_cache.h"
#include "util/log.h"
#include "util/mesa-sha1.h"
#include "util/ralloc.h"
#include "util/u_debug.h"
#include "util/u_memory.h"

void
lsgpu_disk_cache_init(struct lsgpu_screen *screen)
{
   const struct build_id_note *note = build_id_find_nhdr_for_addr((void *)lsgpu_disk_cache_init);
   if (!note || build_id_length(note) != 20)
      return; /* no build-id: no way to tell compilers apart, so no cache */
   struct mesa_sha1 ctx;
   unsigned char sha1[20];
   _mesa_sha1_init(&ctx);
   _mesa_sha1_update(&ctx, build_id_data(note), build_id_length(note));
   const char *compiler = lsgpu_compiler_build_id();
   _mesa_sha1_update(&ctx, compiler, strlen(compiler));
   _mesa_sha1_final(&ctx, sha1);
   char timestamp[41];
   _mesa_sha1_format(timestamp, sha1);
   screen->disk_cache = disk_cache_create("lsgpu", timestamp, 0);
}

static void
compute_cache_key(struct disk_cache *cache, const struct lsgpu_shader_state *so, cache_key key)
{
   struct {
      unsigned char nir_sha1[20];
      uint32_t stage;
   } k;
   memcpy(k.nir_sha1, so->nir_sha1, sizeof(k.nir_sha1));
   k.stage = so->nir->info.stage;
   disk_cache_compute_key(cache, &k, sizeof(k), key);
}

static bool
cache_get(struct disk_cache *cache, struct lsgpu_shader_state *so)
{
   if (!cache ||
       (lsgpu_debug & (LSGPU_DBG_NIR | LSGPU_DBG_LLVM | LSGPU_DBG_ASM | LSGPU_DBG_SHADERDB)))
      return false; /* a dump asked for means a real compilation */
   cache_key key;
   compute_cache_key(cache, so, key);
   size_t size;
   void *data = disk_cache_get(cache, key, &size);
   if (!data)
      return false;
   struct blob_reader r;
   blob_reader_init(&r, data, size);
   blob_copy_bytes(&r, &so->binary.info, sizeof(so->binary.info));
   blob_copy_bytes(&r, &so->binary.stats, sizeof(so->binary.stats));
   const uint32_t code_size = so->binary.info.code_size;
   so->binary.code = (uint8_t *)malloc(code_size ? code_size : 1);
   blob_copy_bytes(&r, so->binary.code, code_size);
   const bool ok = !r.overrun && r.current == r.end && code_size;
   free(data);
   if (!ok)
      lsgpu_shader_binary_finish(&so->binary);
   return ok;
}

static void
cache_put(struct disk_cache *cache, const struct lsgpu_shader_state *so)
{
   if (!cache)
      return;
   cache_key key;
   compute_cache_key(cache, so, key);
   struct blob b;
   blob_init(&b);
   blob_write_bytes(&b, &so->binary.info, sizeof(so->binary.info));
   blob_write_bytes(&b, &so->binary.stats, sizeof(so->binary.stats));
   blob_write_bytes(&b, so->binary.code, so->binary.info.code_size);
   if (!b.out_of_memory)
      disk_cache_put(cache, key, b.data, b.size, NULL);
   blob_finish(&b);
}

static void
compile(struct pipe_context *pctx, struct lsgpu_shader_state *so)
{
   struct lsgpu_screen *screen = lsgpu_screen(pctx->screen);
   if (cache_get(screen->disk_cache, so)) {
      so->compiled = true;
      lsgpu_perf_warn("%s shader read from the disk cache",
                      _mesa_shader_stage_to_abbrev(so->nir->info.stage));
      return;
   }
   struct lsgpu_compile_options opts = {};
   opts.opt_level = LSGPU_OPT_DEFAULT;
   if (lsgpu_debug & LSGPU_DBG_NIR)
      opts.debug |= LSGPU_COMPILER_DEBUG_NIR;
   if (lsgpu_debug & LSGPU_DBG_LLVM)
      opts.debug |= LSGPU_COMPILER_DEBUG_LLVM;
   if (lsgpu_debug & LSGPU_DBG_ASM)
      opts.debug |= LSGPU_COMPILER_DEBUG_ASM;
   if (lsgpu_debug & LSGPU_DBG_SHADERDB)
      opts.debug |= LSGPU_COMPILER_DEBUG_SHADERDB;
   opts.name = so->nir->info.name;

   /* The compiler lowers in place; the CSO keeps st/mesa's NIR for variants. */
   nir_shader *clone = nir_shader_clone(NULL, so->nir);
   char *error = NULL;
   so->compiled = lsgpu_compile_nir(clone, &opts, &so->binary, &error);
   ralloc_free(clone);
   if (!so->compiled) {
      const char *stage = _mesa_shader_stage_to_string(so->nir->info.stage);
      if (lsgpu_compiler_available())
         mesa_loge("lsgpu: cannot compile %s shader: %s", stage, error ? error : "?");
      else /* a draw st/mesa flushes from an exit handler: nothing will read it back */
         mesa_logd("lsgpu: %s shader not compiled: %s", stage, error ? error : "?");
      free(error);
      return;
   }
   if (lsgpu_debug & LSGPU_DBG_SHADERDB) {
      struct lsgpu_context *ctx = lsgpu_context(pctx);
      const struct lsgpu_shader_stats *s = &so->binary.stats;
      util_debug_message(&ctx->debug, SHADER_INFO,
                         "%s shader: %u inst, %u cycles, %u loops, %u:%u spills:fills",
                         _mesa_shader_stage_to_abbrev(so->nir->info.stage), s->instructions,
                         s->cycles, s->loops, s->spills, s->fills);
   }
   lsgpu_perf_warn("%s shader compiled in %.2f ms (%u instructions)",
                   _mesa_shader_stage_to_abbrev(so->nir->info.stage), so->binary.stats.compile_ms,
                   so->binary.stats.instructions);
   cache_put(screen->disk_cache, so);
}

/* The binary goes into its own BO once; draws reference it by address. */
static void
upload(struct pipe_context *pctx, struct lsgpu_shader_state *so)
{
   struct lsgpu_screen *screen = lsgpu_screen(pctx->screen);
   so->bo = lsgpu_bo_create(screen->ws, so->binary.info.code_size, "shader");
   void *map = so->bo ? lsgpu_bo_map(so->bo) : NULL;
   if (!map) {
      mesa_loge("lsgpu: out of memory for a shader binary");
      lsgpu_bo_reference(&so->bo, NULL);
      so->compiled = false;
      return;
   }
   memcpy(map, so->binary.code, so->binary.info.code_size);
}

static void *
lsgpu_create_shader_state(struct pipe_context *pctx, const struct pipe_shader_state *t)
{
   /* st/mesa hands over NIR; Mesa's utility shaders (u_blitter, u_simple_shaders)
    * may still be TGSI. */
   if (t->type != PIPE_SHADER_IR_NIR && t->type != PIPE_SHADER_IR_TGSI)
      return NULL;
   struct lsgpu_shader_state *so = CALLOC_STRUCT(lsgpu_shader_state);
   if (!so)
      return NULL;
   so->nir =
      t->type == PIPE_SHADER_IR_NIR ? t->ir.nir : tgsi_to_nir(t->tokens, pctx->screen, false);
   if (t->type == PIPE_SHADER_IR_NIR && t->stream_output.num_outputs) {
      /* register_index counts the written outputs below a location (st/mesa's
       * numbering): find the location of each. */
      so->so = t->stream_output;
      for (unsigned i = 0; i < so->so.num_outputs; i++) {
         unsigned rank = 0;
         u_foreach_bit64(loc, so->nir->info.outputs_written)
         {
            if (rank++ == so->so.output[i].register_index) {
               so->so_location[i] = (uint8_t)loc;
               break;
            }
         }
      }
   }
   struct blob blob;
   blob_init(&blob);
   nir_serialize(&blob, so->nir, true);
   _mesa_sha1_compute(blob.data, blob.size, so->nir_sha1);
   blob_finish(&blob);
   compile(pctx, so);
   if (so->compiled)
      upload(pctx, so);
   return so;
}

static void *
lsgpu_create_compute_state(struct pipe_context *pctx, const struct pipe_compute_state *t)
{
   if (t->ir_type != PIPE_SHADER_IR_NIR)
      return NULL;
   struct pipe_shader_state s = {};
   s.type = PIPE_SHADER_IR_NIR;
   s.ir.nir = (nir_shader *)t->prog;
   return lsgpu_create_shader_state(pctx, &s);
}

static void
lsgpu_delete_shader_state(struct pipe_context *pctx, void *cso)
{
   struct lsgpu_shader_state *so = (struct lsgpu_shader_state *)cso;
   lsgpu_shader_binary_finish(&so->binary);
   lsgpu_bo_reference(&so->bo, NULL);
   ralloc_free(so->nir);
   FREE(so);
}

static void
lsgpu_bind_vs_state(struct pipe_context *pctx, void *cso)
{
   lsgpu_context(pctx)->state.vs = (struct lsgpu_shader_state *)cso;
}

static void
lsgpu_bind_fs_state(struct pipe_context *pctx, void *cso)
{
   lsgpu_context(pctx)->state.fs = (struct lsgpu_shader_state *)cso;
}

static void
lsgpu_bind_compute_state(struct pipe_context *pctx, void *cso)
{
   lsgpu_context(pctx)->state.cs = (struct lsgpu_shader_state *)cso;
}

void
lsgpu_program_init(struct pipe_context *pctx)
{
   pctx->create_vs_state = lsgpu_create_shader_state;
   pctx->bind_vs_state = lsgpu_bind_vs_state;
   pctx->delete_vs_state = lsgpu_delete_shader_state;
   pctx->create_fs_state = lsgpu_create_shader_state;
   pctx->bind_fs_state = lsgpu_bind_fs_state;
   pctx->delete_fs_state = lsgpu_delete_shader_state;
   pctx->create_compute_state = lsgpu_create_compute_state;
   pctx->bind_compute_state = lsgpu_bind_compute_state;
   pctx->delete_compute_state = lsgpu_delete_shader_state;
}
